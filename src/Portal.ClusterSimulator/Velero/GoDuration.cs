using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.ClusterSimulator.Velero;

/// <summary>Parses Go duration strings ("720h0m0s", "1h30m", "90s") as Velero's spec.ttl uses them.</summary>
internal static partial class GoDuration
{
    public static TimeSpan? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var matches = Part().Matches(text);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text) return null;
        var total = TimeSpan.Zero;
        foreach (Match m in matches)
        {
            var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "s" => TimeSpan.FromSeconds(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                "us" or "µs" => TimeSpan.FromMicroseconds(value),
                _ => TimeSpan.FromTicks((long)(value / 100)),
            };
        }
        return total;
    }

    [GeneratedRegex(@"([0-9]+(?:\.[0-9]+)?)(h|ms|m|s|us|µs|ns)")]
    private static partial Regex Part();
}
