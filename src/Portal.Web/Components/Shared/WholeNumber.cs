using System.Globalization;

namespace Portal.Web.Components.Shared;

/// <summary>Reading a whole number the user typed, strictly: digits (an optional leading '-'), nothing else, within
/// the range; otherwise the reason in words. What the user typed is never changed into another number.</summary>
public static class WholeNumber
{
    /// <summary>Null when <paramref name="text"/> is a whole number from <paramref name="min"/> to <paramref name="max"/>
    /// (then in <paramref name="value"/>), else why not. An empty text is fine only when <paramref name="optional"/>.</summary>
    public static string? Parse(string? text, int min, int max, string what, string unit, bool optional, out int? value)
    {
        value = null;
        var trimmed = (text ?? "").Trim();
        var units = string.IsNullOrEmpty(unit) ? "" : " " + unit;
        if (trimmed.Length == 0) return optional ? null : $"Enter the {what}: a whole number from {min} to {max}{units}.";
        if (!int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            var digits = trimmed.TrimStart('-');
            if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
                return $"'{Shorten(trimmed)}' is not a whole number; the {what} is a number from {min} to {max}{units}.";
            return trimmed.StartsWith('-') ? $"The {what} must be at least {min}{units} (you typed {Shorten(trimmed)})."
                : $"The {what} can be at most {max}{units} (you typed {Shorten(trimmed)}).";
        }
        if (number < min) return $"The {what} must be at least {min}{units} (you typed {number}).";
        if (number > max) return $"The {what} can be at most {max}{units} (you typed {number}).";
        value = number;
        return null;
    }

    private static string Shorten(string s) => s.Length <= 20 ? s : s[..20] + "…";
}
