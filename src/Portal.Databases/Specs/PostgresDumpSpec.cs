using Portal.Domain.Databases;

namespace Portal.Databases.Specs;

/// <summary>
/// A PostgreSQL dump. The server and the credentials come from the Job's environment (<c>PGHOST</c>,
/// <c>PGPORT</c>, <c>PGUSER</c>, <c>PGPASSWORD</c>, filled from the Service and a Secret), never from here.
/// Schema and table lists are pg_dump patterns (<c>-n/-N/-t/-T</c>), e.g. <c>sales</c>, <c>public.orders*</c>.
/// </summary>
public sealed record PostgresDumpSpec
{
    public required string ScheduleId { get; init; }

    public PostgresDumpTool Tool { get; init; } = PostgresDumpTool.PgDump;

    /// <summary>The database to dump (pg_dump only).</summary>
    public string? Database { get; init; }

    public PostgresDumpFormat Format { get; init; } = PostgresDumpFormat.Custom;

    /// <summary>0 (none) to 9; null leaves pg_dump's default. For the plain format a level above 0 gzips the file.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>Parallel jobs; only the directory format can use them.</summary>
    public int? ParallelJobs { get; init; }

    public IReadOnlyList<string> IncludeSchemas { get; init; } = [];

    public IReadOnlyList<string> ExcludeSchemas { get; init; } = [];

    public IReadOnlyList<string> IncludeTables { get; init; } = [];

    public IReadOnlyList<string> ExcludeTables { get; init; } = [];

    public required ArtifactDirectory Destination { get; init; }

    public RetentionPolicy Retention { get; init; } = RetentionPolicy.KeepAll;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        errors.AddRange(Names.ScheduleId(ScheduleId));
        errors.AddRange(Destination.Validate());
        errors.AddRange(Retention.Validate());
        if (CompressionLevel is < 0 or > 9)
            errors.Add($"Compression level {CompressionLevel} is not possible: choose 0 (none) to 9 (smallest).");
        if (ParallelJobs is { } jobs && Format != PostgresDumpFormat.Directory)
            errors.Add($"Parallel jobs ({jobs}) need the directory format: pg_dump can only write the directory format in parallel.");
        if (ParallelJobs is < 1 or > 64)
            errors.Add($"Parallel jobs must be between 1 and 64, not {ParallelJobs}.");
        if (Tool == PostgresDumpTool.PgDump)
        {
            errors.AddRange(Names.PostgresName("database", Database));
            errors.AddRange(Names.Patterns("schema pattern", [.. IncludeSchemas, .. ExcludeSchemas]));
            errors.AddRange(Names.Patterns("table pattern", [.. IncludeTables, .. ExcludeTables]));
        }
        else
        {
            if (Format != PostgresDumpFormat.Plain || ParallelJobs is not null)
                errors.Add("pg_dumpall writes plain SQL only: choose the plain format without parallel jobs.");
            if (IncludeSchemas.Count + ExcludeSchemas.Count + IncludeTables.Count + ExcludeTables.Count > 0)
                errors.Add("pg_dumpall --globals-only dumps roles and tablespaces: schema and table filters do not apply.");
        }
        return errors;
    }
}
