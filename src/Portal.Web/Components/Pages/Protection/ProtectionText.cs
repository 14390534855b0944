using System.Globalization;
using Portal.Domain.Protection;

namespace Portal.Web.Components.Pages.Protection;

/// <summary>Protection policies in plain words: durations, schedules, and what each way of protecting volumes means.</summary>
public static class ProtectionText
{
    /// <summary>"7 days", "26 hours", "90 minutes": the largest whole unit.</summary>
    public static string Duration(TimeSpan t) =>
        t.TotalDays >= 1 && t.Ticks % TimeSpan.TicksPerDay == 0 ? Plural((long)t.TotalDays, "day")
        : t.Ticks % TimeSpan.TicksPerHour == 0 ? Plural((long)t.TotalHours, "hour")
        : Plural((long)Math.Round(t.TotalMinutes), "minute");

    private static string Plural(long n, string unit) => $"{n} {unit}{(n == 1 ? "" : "s")}";

    /// <summary>One line per way of protecting volumes, for the form and the list.</summary>
    public static string Explain(VolumeProtection v) => v switch
    {
        VolumeProtection.None => "Only the Kubernetes objects; no volume data (stateless applications, or data kept elsewhere).",
        VolumeProtection.FileSystemBackup => "Velero copies the files of every pod volume to the backup storage location (Kopia). Works with any storage.",
        VolumeProtection.CsiSnapshots => "CSI snapshots on the storage system that holds the volumes: fast to restore, but lost with that storage system.",
        VolumeProtection.CsiSnapshotsMovedToObjectStorage => "CSI snapshots whose data Velero then moves to the backup storage location: survives the storage system.",
        _ => v.ToString(),
    };

    /// <summary>A five-field cron in words for the common shapes ("every hour at :15", "every day at 02:00"); others as
    /// the cron itself. The zone is said by the caller.</summary>
    public static string Schedule(string cron)
    {
        var f = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length != 5) return $"cron {cron}";
        var (minute, hour, dom, month, dow) = (f[0], f[1], f[2], f[3], f[4]);
        var anyDay = dom == "*" && month == "*";
        if (anyDay && dow == "*")
        {
            if (minute.StartsWith("*/", StringComparison.Ordinal) && hour == "*") return $"every {minute[2..]} minutes";
            if (IsNumber(minute) && hour == "*") return $"every hour at :{Two(minute)}";
            if (IsNumber(minute) && hour.StartsWith("*/", StringComparison.Ordinal)) return $"every {hour[2..]} hours at :{Two(minute)}";
            if (IsNumber(minute) && IsNumber(hour)) return $"every day at {Two(hour)}:{Two(minute)}";
        }
        if (anyDay && IsNumber(minute) && IsNumber(hour)) return $"at {Two(hour)}:{Two(minute)} on {Days(dow)}";
        return $"cron {cron}";
    }

    private static bool IsNumber(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private static string Two(string s) => int.Parse(s, CultureInfo.InvariantCulture).ToString("00", CultureInfo.InvariantCulture);

    private static readonly string[] DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private static string Days(string dow) => dow.ToUpperInvariant() switch
    {
        "1-5" or "MON-FRI" => "weekdays",
        "0,6" or "6,0" or "SAT,SUN" or "SUN,SAT" => "weekends",
        var d when IsNumber(d) && int.Parse(d, CultureInfo.InvariantCulture) is >= 0 and <= 7 => DayNames[int.Parse(d, CultureInfo.InvariantCulture)] + "s",
        _ => $"days {dow}",
    };
}
