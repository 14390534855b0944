using Microsoft.EntityFrameworkCore;

namespace Portal.Application.Common;

/// <summary>Paging by the one <see cref="PageRequest"/>: of a list already in memory (a cluster's claims, a preview's items), and
/// the count of a database list, which stops early on big tables.</summary>
public static class Paging
{
    /// <summary>Lists count up to this many rows and then say "more than" it: an exact count of a million audit events
    /// costs a scan of all of them, on every page.</summary>
    public const int CountLimit = 10_000;

    /// <summary>The page <paramref name="page"/> asks for, with the count of all of <paramref name="all"/>.</summary>
    public static Page<T> ToPage<T>(this IReadOnlyList<T> all, PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(page);
        return new Page<T>(all.Skip(page.Skip).Take(page.Take).ToList(), all.Count);
    }

    /// <summary>The rows of <paramref name="rows"/> counted in the database, but no further than <see cref="CountLimit"/> or the
    /// page asked for, plus one (the one that tells there are more). Capped: <paramref name="rows"/> has more than it counted,
    /// and the count is one past the page asked for, so a pager can always go one page further (page 500 stays reachable).</summary>
    public static async Task<(int Count, bool Capped)> CountUpToAsync<T>(IQueryable<T> rows, int skip, int take, CancellationToken ct)
    {
        var limit = Math.Max(CountLimit, skip + take) + 1;
        var count = await rows.Take(limit).CountAsync(ct);
        return (count, count == limit);
    }

    /// <summary>"1,234", or "more than 10,000" for a capped count: how lists say how many rows match.</summary>
    public static string Describe<T>(Page<T> page) =>
        page.IsCountCapped ? $"more than {Math.Max(CountLimit, page.TotalCount - 1):N0}" : page.TotalCount.ToString("N0");
}
