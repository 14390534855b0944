using System.Globalization;
using Portal.Domain.Databases;

namespace Portal.Web.Components.Pages.Databases;

/// <summary>How dumps, schedules and targets read on screen: sizes in binary units, short durations, destinations in words.</summary>
public static class DumpText
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    public static string Size(long? bytes)
    {
        if (bytes is not { } b) return "—";
        double value = b;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{b} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {Units[unit]}");
    }

    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "—",
        { TotalSeconds: < 1 } => "under 1 s",
        { TotalMinutes: < 1 } d => $"{(int)d.TotalSeconds} s",
        { TotalHours: < 1 } d => $"{(int)d.TotalMinutes} min {d.Seconds:00} s",
        var d => $"{(int)d.Value.TotalHours} h {d.Value.Minutes:00} min",
    };

    /// <summary>An RPO target in the largest whole unit: "90 minutes", "6 hours", "2 days".</summary>
    public static string Span(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays % 1 == 0 ? Plural((int)span.TotalDays, "day")
        : span.TotalHours >= 1 && span.TotalHours % 1 == 0 ? Plural((int)span.TotalHours, "hour")
        : Plural((int)Math.Round(span.TotalMinutes), "minute");

    /// <summary>How old something is: "40 minutes", "5 hours", "3 days".</summary>
    public static string Age(TimeSpan age) =>
        age.TotalMinutes < 90 ? Plural(Math.Max(0, (int)Math.Round(age.TotalMinutes)), "minute")
        : age.TotalHours < 48 ? Plural((int)Math.Round(age.TotalHours), "hour")
        : Plural((int)Math.Round(age.TotalDays), "day");

    public static string Destination(DumpDestination? d) => d switch
    {
        null => "the CloudNativePG Cluster's own backup configuration",
        { Kind: DumpDestinationKind.S3 } => $"S3 {d.S3Endpoint} bucket {d.S3Bucket}{(d.S3Prefix is { Length: > 0 } p ? "/" + p : "")} (credentials: Secret {d.S3CredentialsSecret})",
        { CreatePvc: true } => $"new volume claim {d.PvcName} ({d.SizeGi} GiB{(d.StorageClass is { } c ? ", class " + c : ", default class")})",
        _ => $"volume claim {d.PvcName}",
    };

    public static string Retention(DumpRetention? r) => r switch
    {
        { KeepLast: { } n } => $"keep the last {Plural(n, "dump")}",
        { KeepDays: { } days } => $"keep {Plural(days, "day")} of dumps",
        _ => "as the operator's retention policy says",
    };

    /// <summary>A run in the schedule's own zone, with UTC beside it when the zone is another: "Wed 2026-11-25 02:00 Europe/Berlin (01:00 UTC)".</summary>
    public static string Run(DateTimeOffset run, string timeZone)
    {
        var utc = run.ToUniversalTime();
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or System.Security.SecurityException)
        {
            zone = TimeZoneInfo.Utc;
        }
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        var text = local.ToString("ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return local.Offset == TimeSpan.Zero && zone.BaseUtcOffset == TimeSpan.Zero
            ? $"{text} UTC"
            : $"{text} {timeZone} ({utc.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC)";
    }

    /// <summary>The end of a long artifact path (its timestamp and kind), the whole path being in the tooltip.</summary>
    public static string Tail(string path, int keep = 26) => path.Length <= keep + 1 ? path : "…" + path[^keep..];

    public static string Plural(int n, string unit) => $"{n} {unit}{(n == 1 ? "" : "s")}";
}
