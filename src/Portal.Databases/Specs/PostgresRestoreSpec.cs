namespace Portal.Databases.Specs;

/// <summary>Restore of one PostgreSQL artifact (its format follows from its name). Same environment as the dump.</summary>
public sealed record PostgresRestoreSpec
{
    public required string MountPath { get; init; }

    /// <summary>The artifact's path relative to the mount, as the dump reported it.</summary>
    public required string Artifact { get; init; }

    /// <summary>The sha256 the dump reported; the script refuses an artifact that no longer matches.</summary>
    public required string ExpectedSha256 { get; init; }

    public required string TargetDatabase { get; init; }

    public RestoreMode Mode { get; init; } = RestoreMode.NewDatabase;

    /// <summary>Database to connect to for CREATE DATABASE.</summary>
    public string MaintenanceDatabase { get; init; } = "postgres";

    /// <summary>pg_restore -j (directory format only).</summary>
    public int? ParallelJobs { get; init; }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        errors.AddRange(RestoreChecks.Artifact(MountPath, Artifact, ExpectedSha256));
        errors.AddRange(Names.PostgresName("target database", TargetDatabase));
        errors.AddRange(Names.PostgresName("maintenance database", MaintenanceDatabase));
        var kind = ArtifactNames.KindOf(Artifact ?? "");
        if (kind is null or ArtifactKind.MySqlSql or ArtifactKind.MySqlSqlGz)
            errors.Add($"\"{Artifact}\" is not a PostgreSQL dump of this portal (.dump, .dir, .sql or .sql.gz).");
        if (kind == ArtifactKind.PgGlobals)
            errors.Add("A pg_dumpall globals file holds roles, not a database: it cannot be restored into a database.");
        if (ParallelJobs is not null && kind != ArtifactKind.PgDirectory)
            errors.Add("Parallel restore jobs need a directory-format dump.");
        if (ParallelJobs is < 1 or > 64)
            errors.Add($"Parallel jobs must be between 1 and 64, not {ParallelJobs}.");
        if (Mode == RestoreMode.OverwriteExisting && kind is ArtifactKind.PgPlain or ArtifactKind.PgPlainGz)
            errors.Add("A plain SQL dump cannot clean an existing database first: restore it into a new database, or use a custom or directory dump.");
        return errors;
    }
}
