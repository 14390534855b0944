using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Portal.Infrastructure.Persistence;

/// <summary>PostgreSQL, the production database. Its migrations live in Migrations/Postgres.</summary>
public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options) : PortalDbContext(options)
{
    /// <summary>One database sequence orders the events of every replica: a value taken later is always larger.</summary>
    internal const string EventSequence = "EventSequence";

    // The claim query locks its row with FOR UPDATE SKIP LOCKED (Queue/RowLock), on every PostgreSQL context however built.
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.AddInterceptors(Queue.RowLock.Instance);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasSequence<long>(EventSequence);
    }

    protected override async Task<long[]> NextSequencesAsync(int count, CancellationToken ct) =>
        (await Database.SqlQuery<long>($"SELECT nextval('\"EventSequence\"') AS \"Value\" FROM generate_series(1, {count})").ToListAsync(ct)).ToArray();
}

/// <summary>SQLite, the embedded default. Its migrations live in Migrations/Sqlite.</summary>
public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options)
{
    private static readonly Lock Gate = new();
    private static long _lastSequence;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset; stored as sortable binary (all times are UTC).
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    /// <summary>SQLite has no sequences, and it is the embedded database of one process: the counter lives in the
    /// process, and never falls behind what the file already holds.</summary>
    protected override async Task<long[]> NextSequencesAsync(int count, CancellationToken ct)
    {
        var stored = await Database.SqlQuery<long>($"""
            SELECT MAX(m) AS "Value" FROM (SELECT COALESCE(MAX("Sequence"), 0) AS m FROM "RequestEvents"
                                           UNION ALL SELECT COALESCE(MAX("Sequence"), 0) FROM "AuditEvents")
            """).SingleAsync(ct);
        lock (Gate)
        {
            var start = Math.Max(_lastSequence, stored);
            _lastSequence = start + count;
            return Enumerable.Range(1, count).Select(i => start + i).ToArray();
        }
    }
}
