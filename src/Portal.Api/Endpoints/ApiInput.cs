using Microsoft.AspNetCore.Http;
using Portal.Application.Common;

namespace Portal.Api.Endpoints;

/// <summary>Reading the API's own inputs (query strings, enum names in bodies) without coercing them: a value that is not one of the
/// names, or a page out of bounds, is refused with the field's name and what it may be, never replaced by a default.</summary>
internal static class ApiInput
{
    public const int MaxLimit = 200;

    /// <summary>The enum value named by <paramref name="text"/> (any case), or <paramref name="absent"/> when it is left out; a number
    /// or an unknown name is a problem naming <paramref name="field"/>.</summary>
    public static bool TryEnum<T>(string field, string? text, T absent, out T value, out IResult? problem) where T : struct, Enum
    {
        problem = null;
        value = absent;
        if (text is null) return true;
        // Enum.TryParse also takes "1" or "7": only the names are the API's words.
        if (text.Length > 0 && !char.IsDigit(text[0]) && text[0] != '-' && Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value))
            return true;
        value = absent;
        problem = ApiProblems.Field(field, $"{field} must be one of {string.Join(", ", Enum.GetNames<T>())} (it is '{text}').");
        return false;
    }

    /// <summary>Like <see cref="TryEnum{T}(string, string?, T, out T, out IResult?)"/> for an optional filter: null when left out.</summary>
    public static bool TryFilter<T>(string field, string? text, out T? value, out IResult? problem) where T : struct, Enum
    {
        value = null;
        if (!TryEnum(field, text, default(T), out var parsed, out problem)) return false;
        if (text is not null) value = parsed;
        return true;
    }

    /// <summary>true, false or left out (then <paramref name="absent"/>); anything else names <paramref name="field"/>.</summary>
    public static bool TryBool(string field, string? text, bool absent, out bool value, out IResult? problem)
    {
        problem = null;
        value = absent;
        if (text is null || bool.TryParse(text, out value)) return true;
        value = absent;
        problem = ApiProblems.Field(field, $"{field} must be true or false (it is '{text}').");
        return false;
    }

    /// <summary>The page of a list paged by number (0 first) with <paramref name="limit"/> items, 25 when left out.</summary>
    public static bool TryPage(int? page, int? limit, out PageRequest request, out IResult? problem)
    {
        request = new PageRequest();
        problem = null;
        var take = limit ?? 25;
        if (take is < 1 or > MaxLimit)
        {
            problem = ApiProblems.Field("limit", $"limit must be between 1 and {MaxLimit} (it is {take}).");
            return false;
        }
        var number = page ?? 0;
        if (number < 0)
        {
            problem = ApiProblems.Field("page", $"page counts from 0 (it is {number}).");
            return false;
        }
        request = new PageRequest(number, take);
        return true;
    }
}
