using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Domain.Common;

/// <summary>A Kubernetes storage quantity ("10Gi", "500M", "1.5Ti", "1e9") read as bytes, to compare a claim's size with a
/// snapshot's restore size. Only what a storage request may be: no negative sizes, no milli-units.</summary>
public static partial class StorageSize
{
    private static readonly Dictionary<string, decimal> Units = new()
    {
        [""] = 1m, ["k"] = 1e3m, ["M"] = 1e6m, ["G"] = 1e9m, ["T"] = 1e12m, ["P"] = 1e15m, ["E"] = 1e18m,
        ["Ki"] = 1024m, ["Mi"] = 1024m * 1024, ["Gi"] = 1024m * 1024 * 1024, ["Ti"] = 1024m * 1024 * 1024 * 1024,
        ["Pi"] = 1024m * 1024 * 1024 * 1024 * 1024, ["Ei"] = 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
    };

    [GeneratedRegex(@"^(?<n>[0-9]+(\.[0-9]+)?)(?<u>Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|[eE][0-9]+)?$")]
    private static partial Regex Shape();

    public static bool TryParse(string? text, out decimal bytes)
    {
        bytes = 0;
        var m = Shape().Match(text?.Trim() ?? "");
        if (!m.Success) return false;
        var n = decimal.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        var u = m.Groups["u"].Value;
        try
        {
            bytes = u.Length > 1 && u[0] is 'e' or 'E' && char.IsDigit(u[1])
                ? n * (decimal)Math.Pow(10, int.Parse(u[1..], CultureInfo.InvariantCulture))
                : n * Units[u];
        }
        catch (OverflowException)
        {
            return false;
        }
        return true;
    }

    /// <summary>Why <paramref name="size"/> cannot hold a snapshot of <paramref name="restoreSize"/>, or null when it can.</summary>
    public static string? ExplainTooSmall(string? size, string restoreSize)
    {
        if (!TryParse(size, out var asked)) return $"Give a size such as 10Gi or 500Mi (not \"{size}\").";
        if (!TryParse(restoreSize, out var needed)) return null;
        return asked < needed ? $"The snapshot needs at least {restoreSize}; {size} is smaller." : null;
    }
}
