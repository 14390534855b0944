namespace Portal.Domain.Databases;

/// <summary>
/// The statement a registered database runs just before its volumes are snapshotted (snapshot consistency "database
/// checkpoint"), per engine; null where the portal has none.
/// <para>PostgreSQL: <c>CHECKPOINT</c> writes every dirty buffer to the data files, so the crash recovery a snapshot needs
/// replays little WAL. It needs a superuser or, from PostgreSQL 15, a member of the role <c>pg_checkpoint</c>.</para>
/// <para>MySQL/MariaDB: <c>FLUSH TABLES</c> then <c>FLUSH LOGS</c> (both need the RELOAD privilege). This is a flush, not a
/// lock: <c>FLUSH TABLES WITH READ LOCK</c> only holds while its session is open, and the portal would have to keep that
/// session (a Job) open across the snapshot, learn from the running pod that the lock is held, and end it afterwards, while an
/// executor restart in between would leave every write of the database blocked until the Job's deadline. So the tables are
/// closed and written out and the logs flushed; writes after the flush reach the snapshot as InnoDB's crash recovery finds
/// them (it is crash-consistent, and recent changes are on disk).</para>
/// </summary>
public static class DatabaseCheckpoints
{
    /// <summary>The statement(s), as the timeline names them; null when the engine has none the portal runs.</summary>
    public static string? Statement(this DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.PostgreSql => "CHECKPOINT",
        DatabaseEngine.MySql or DatabaseEngine.MariaDb => "FLUSH TABLES; FLUSH LOGS",
        _ => null,
    };

    /// <summary>Why the database cannot be checkpointed before a snapshot, in words (null when it can).</summary>
    public static string? Refusal(DatabaseEngine engine, string databaseName) => engine.Statement() is null
        ? $"{databaseName} is a {engine.Display()} database: the portal runs no checkpoint for {engine.Display()}. Choose none, or scale the workload to zero."
        : null;
}
