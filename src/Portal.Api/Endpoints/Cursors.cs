using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Portal.Application.Common;
using Portal.Application.Features.Requests.List;

namespace Portal.Api.Endpoints;

/// <summary>The opaque cursors of the API's lists. The request list's: the last row's creation time and how many rows of that time
/// were seen. The other lists (migration plans, protection statuses) are paged by their use cases by position: theirs carries
/// the next page's number and size.</summary>
internal static class Cursors
{
    public const int DefaultLimit = 25;
    public const int MaxLimit = 200;

    /// <summary>The page a list call asks for (<c>limit</c>, or the <c>cursor</c> of the previous page, which keeps its size),
    /// or the problem, next to its field.</summary>
    public static IResult? TryPage(int? limit, string? cursor, out PageRequest page)
    {
        page = new PageRequest(0, limit ?? DefaultLimit);
        if (limit is < 1 or > MaxLimit) return ApiProblems.Field("limit", $"limit must be between 1 and {MaxLimit} (it is {limit}).");
        if (cursor is null) return null;
        if (Decode(cursor)?.Split('.') is not ["p", var n, var size]
            || !int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || !int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var take) || take is < 1 or > MaxLimit)
            return ApiProblems.Field("cursor", "cursor is not one this API gave out; pass the nextCursor of the previous page as it is.");
        page = new PageRequest(number, take);
        return null;
    }

    /// <summary>The cursor of the page after <paramref name="page"/>; null when it was the last of <paramref name="total"/>.</summary>
    public static string? NextPage(PageRequest page, int total) =>
        page.Skip + page.Take >= total ? null : Encode(string.Create(CultureInfo.InvariantCulture, $"p.{page.Page + 1}.{page.Take}"));

    private static string Encode(string text) => Convert.ToBase64String(Encoding.ASCII.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Decode(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            return Encoding.ASCII.GetString(Convert.FromBase64String(padded));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static string After(IReadOnlyList<RequestSummary> page, RequestCursor? previous)
    {
        var last = page[^1].CreatedAt;
        var seen = page.Count(r => r.CreatedAt == last) + (previous is not null && previous.CreatedAt == last ? previous.SeenAtThatTime : 0);
        return Encode(string.Create(CultureInfo.InvariantCulture, $"{last.UtcTicks}.{seen}"));
    }

    public static RequestCursor? Parse(string cursor)
    {
        var parts = Decode(cursor)?.Split('.');
        if (parts is not { Length: 2 } || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seen)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || seen < 1) return null;
        return new RequestCursor(new DateTimeOffset(ticks, TimeSpan.Zero), seen);
    }
}
