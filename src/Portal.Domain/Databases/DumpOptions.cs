using Portal.Domain.Common;

namespace Portal.Domain.Databases;

public enum PostgresDumpTool { PgDump, PgDumpAll }

public enum PostgresDumpFormat { Custom, Directory, Plain }

/// <summary>pg_dump / pg_dumpall options, as the form offers them.</summary>
public sealed record PostgresDumpOptions(
    PostgresDumpTool Tool = PostgresDumpTool.PgDump,
    PostgresDumpFormat Format = PostgresDumpFormat.Custom,
    int Compression = 6,
    int ParallelJobs = 1,
    IReadOnlyList<string>? IncludeSchemas = null,
    IReadOnlyList<string>? ExcludeSchemas = null,
    IReadOnlyList<string>? IncludeTables = null,
    IReadOnlyList<string>? ExcludeTables = null)
{
    /// <summary>Why these options cannot work together, in words; null when they can.</summary>
    public string? Problem() =>
        Compression is < 0 or > 9 ? "Compression is a level from 0 (none) to 9 (smallest)."
        : ParallelJobs is < 1 or > 16 ? "Parallel jobs run from 1 to 16."
        : ParallelJobs > 1 && Format != PostgresDumpFormat.Directory ? "Parallel jobs need the directory format (pg_dump -j works only with -Fd)."
        : Tool == PostgresDumpTool.PgDumpAll && (Any(IncludeSchemas) || Any(ExcludeSchemas) || Any(IncludeTables) || Any(ExcludeTables))
            ? "pg_dumpall dumps the globals (roles, tablespaces); schema and table filters apply to pg_dump only."
        : null;

    private static bool Any(IReadOnlyList<string>? list) => list is { Count: > 0 };
}

/// <summary>mysqldump / mariadb-dump options.</summary>
public sealed record MySqlDumpOptions(bool SingleTransaction = true, bool Routines = true, bool Triggers = true, bool Events = false);

public enum DumpDestinationKind { PersistentVolumeClaim, S3 }

/// <summary>Where dumps are written: a PVC in the database's namespace (existing, or created with a class and size),
/// or S3-compatible object storage whose credentials are a Secret reference.</summary>
public sealed record DumpDestination(
    DumpDestinationKind Kind,
    string? PvcName = null,
    bool CreatePvc = false,
    string? StorageClass = null,
    int? SizeGi = null,
    string? S3Endpoint = null,
    string? S3Bucket = null,
    string? S3Prefix = null,
    string? S3CredentialsSecret = null)
{
    public string? Problem() => Kind switch
    {
        DumpDestinationKind.PersistentVolumeClaim when KubernetesName.ExplainInvalidSubdomain(PvcName, "volume claim name") is { } why => why,
        DumpDestinationKind.PersistentVolumeClaim when CreatePvc && SizeGi is not (>= 1 and <= 65536) => "Give the new volume a size from 1 to 65536 GiB.",
        DumpDestinationKind.S3 when !Uri.TryCreate(S3Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            => "The S3 endpoint must be an http(s) URL, e.g. https://s3.eu-west-1.amazonaws.com.",
        DumpDestinationKind.S3 when string.IsNullOrWhiteSpace(S3Bucket) => "Name the bucket.",
        DumpDestinationKind.S3 when KubernetesName.ExplainInvalidSubdomain(S3CredentialsSecret, "S3 credentials secret") is { } why => why,
        _ => null,
    };
}

/// <summary>Keep the newest N dumps, or the dumps of the last N days.</summary>
public sealed record DumpRetention(int? KeepLast, int? KeepDays)
{
    public const int MaxKeepLast = 1000;
    public const int MaxKeepDays = 3650;

    public string? Problem() =>
        KeepLast is null == KeepDays is null ? "Choose one retention: keep the last N dumps, or N days of dumps."
        : KeepLast is < 1 or > MaxKeepLast ? $"Keep between 1 and {MaxKeepLast} dumps."
        : KeepDays is < 1 or > MaxKeepDays ? $"Keep between 1 and {MaxKeepDays} days of dumps."
        : null;
}
