using System.Globalization;
using Portal.Domain.Databases;

namespace Portal.Execution.Databases;

/// <summary>How a dump's end reads on the request's timeline.</summary>
internal static class DumpEvents
{
    public static string Ended(DumpArtifact a, ScheduleContext context) => a.Status == DumpArtifactStatus.Succeeded
        ? a.SizeBytes is { } size
            ? $"Dump of {context.Database.Name} written: {Size(size)} at {a.Location} (sha256 {a.Sha256?[..12]}…)"
            : $"Backup of {context.Database.Name} completed: {a.Location}"
        : $"Dump of {context.Database.Name} failed";

    public static string Size(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} bytes" : value.ToString("0.#", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
