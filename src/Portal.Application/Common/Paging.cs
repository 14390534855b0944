namespace Portal.Application.Common;

/// <summary>Paging of a list already in memory (a cluster's claims, a preview's items) by the one <see cref="PageRequest"/>.</summary>
public static class Paging
{
    /// <summary>The page <paramref name="page"/> asks for, with the count of all of <paramref name="all"/>.</summary>
    public static Page<T> ToPage<T>(this IReadOnlyList<T> all, PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(page);
        return new Page<T>(all.Skip(page.Skip).Take(page.Take).ToList(), all.Count);
    }
}
