namespace Portal.Domain.Common;

/// <summary>How a time span reads in messages people see: "90 seconds", "5 minutes", "2.5 hours".</summary>
public static class Durations
{
    public static string Words(TimeSpan t) =>
        t.TotalMinutes < 2 ? $"{t.TotalSeconds:0} seconds" : t.TotalHours < 2 ? $"{t.TotalMinutes:0} minutes" : $"{t.TotalHours:0.#} hours";
}
