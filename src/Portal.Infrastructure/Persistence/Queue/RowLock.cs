using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portal.Infrastructure.Persistence.Queue;

/// <summary>PostgreSQL row locking for a LINQ query, so the query keeps its predicate in C# (written once, see
/// <see cref="Portal.Domain.Requests.ClaimableRule"/>) instead of repeating it in raw SQL: a query tagged with
/// <see cref="SkipLocked"/> gets <c>FOR UPDATE SKIP LOCKED</c> appended, locking the rows it returns and passing over
/// rows another transaction holds. Registered on the PostgreSQL context only.</summary>
internal sealed class RowLock : DbCommandInterceptor
{
    public static readonly RowLock Instance = new();

    private const string Tag = "portal:for-update-skip-locked";

    /// <summary>Marks <paramref name="query"/> for <c>FOR UPDATE SKIP LOCKED</c>. Select scalar columns, or an entity without
    /// joined parts: PostgreSQL refuses row locks on the nullable side of an outer join.</summary>
    public static IQueryable<T> SkipLocked<T>(IQueryable<T> query) => query.TagWith(Tag);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Append(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Append(command);
        return ValueTask.FromResult(result);
    }

    private static void Append(DbCommand command)
    {
        if (command.CommandText.StartsWith("-- " + Tag, StringComparison.Ordinal))
            command.CommandText = command.CommandText.TrimEnd().TrimEnd(';') + "\nFOR UPDATE SKIP LOCKED";
    }
}
