using Portal.Application.Features.Databases;
using Portal.Application.Features.Databases.Schedules;
using Portal.Domain.Common;
using Portal.Domain.Databases;

namespace Portal.Web.Components.Pages.Databases.Schedules;

public enum DestinationChoice { NewClaim, ExistingClaim, S3 }

public enum RetentionChoice { KeepLast, KeepDays }

/// <summary>What the schedule form holds while the DB engineer fills it in, and the command it becomes. The obvious
/// mistakes are caught here with the domain's own rules; everything else is the use case's to say.</summary>
public sealed class DumpScheduleForm
{
    public string? Name { get; set; } = "nightly";
    public string? DatabaseName { get; set; }
    public DumpMethod Method { get; set; } = DumpMethod.NativeTool;
    public CnpgBackupMethod CnpgMethod { get; set; } = CnpgBackupMethod.BarmanObjectStore;

    public PostgresDumpTool PgTool { get; set; } = PostgresDumpTool.PgDump;
    public PostgresDumpFormat PgFormat { get; set; } = PostgresDumpFormat.Custom;
    /// <summary>Null while the field holds something that is not a number in range (the field says why).</summary>
    public int? Compression { get; set; } = 6;
    public int? ParallelJobs { get; set; } = 1;
    public IReadOnlyList<string> IncludeSchemas { get; set; } = [];
    public IReadOnlyList<string> ExcludeSchemas { get; set; } = [];
    public IReadOnlyList<string> IncludeTables { get; set; } = [];
    public IReadOnlyList<string> ExcludeTables { get; set; } = [];

    public bool SingleTransaction { get; set; } = true;
    public bool Routines { get; set; } = true;
    public bool Triggers { get; set; } = true;
    public bool Events { get; set; }

    public DestinationChoice Destination { get; set; } = DestinationChoice.NewClaim;
    public string? PvcName { get; set; }
    public string? StorageClass { get; set; }
    public int? SizeGi { get; set; } = 10;
    public string? S3Endpoint { get; set; }
    public string? S3Bucket { get; set; }
    public string? S3Prefix { get; set; }
    public string? S3CredentialsSecret { get; set; }

    public string? Cron { get; set; } = "0 2 * * *";
    public string? TimeZone { get; set; } = "Etc/UTC";
    public RetentionChoice Retention { get; set; } = RetentionChoice.KeepLast;
    public int? RetentionCount { get; set; } = 7;
    public string? ClientVersion { get; set; }
    public string? Reason { get; set; }

    /// <summary>Defaults from the database: its first database, a claim named after it, the server's client version.</summary>
    public static DumpScheduleForm For(DatabaseView database) => new()
    {
        DatabaseName = database.DatabaseNames.FirstOrDefault(),
        PvcName = $"{database.Name}-dumps",
        ClientVersion = database.ServerMajorVersion is { } major ? EngineMapping.ServerVersionText(database.Engine, major) : null,
    };

    public bool IsGlobals => PgTool == PostgresDumpTool.PgDumpAll;

    /// <summary>pg_dump -j writes in parallel only in the directory format.</summary>
    public bool ParallelAllowed => !IsGlobals && PgFormat == PostgresDumpFormat.Directory;

    /// <summary>CloudNativePG evaluates its schedules in UTC, so choosing it fixes the zone.</summary>
    public void SetMethod(DumpMethod method)
    {
        Method = method;
        if (method == DumpMethod.CloudNativePg) TimeZone = "Etc/UTC";
    }

    public void SetFormat(PostgresDumpFormat format)
    {
        PgFormat = format;
        if (format != PostgresDumpFormat.Directory) ParallelJobs = 1; // the field is disabled then: one job is what runs
    }

    public void SetTool(PostgresDumpTool tool)
    {
        PgTool = tool;
        if (tool == PostgresDumpTool.PgDumpAll) SetFormat(PostgresDumpFormat.Plain); // pg_dumpall writes plain SQL only
    }

    /// <summary>CloudNativePG's six-field cron (seconds first) for the five fields typed.</summary>
    public string OperatorCron => "0 " + (Cron ?? "").Trim();

    public PostgresDumpOptions PostgresOptions() => IsGlobals
        ? new PostgresDumpOptions(PostgresDumpTool.PgDumpAll, PostgresDumpFormat.Plain, Compression ?? -1, 1)
        : new PostgresDumpOptions(PostgresDumpTool.PgDump, PgFormat, Compression ?? -1, ParallelAllowed ? ParallelJobs ?? -1 : 1,
            IncludeSchemas, ExcludeSchemas, IncludeTables, ExcludeTables);

    public MySqlDumpOptions MySqlOptions() => new(SingleTransaction, Routines, Triggers, Events);

    public DumpDestination DestinationValue() => Destination switch
    {
        DestinationChoice.S3 => new DumpDestination(DumpDestinationKind.S3, S3Endpoint: S3Endpoint?.Trim(), S3Bucket: S3Bucket?.Trim(),
            S3Prefix: S3Prefix?.Trim(), S3CredentialsSecret: S3CredentialsSecret?.Trim()),
        DestinationChoice.NewClaim => new DumpDestination(DumpDestinationKind.PersistentVolumeClaim, PvcName?.Trim(), CreatePvc: true,
            StorageClass: string.IsNullOrWhiteSpace(StorageClass) ? null : StorageClass.Trim(), SizeGi: SizeGi ?? -1),
        _ => new DumpDestination(DumpDestinationKind.PersistentVolumeClaim, PvcName?.Trim()),
    };

    // A field that holds no valid number is sent as -1, which the domain refuses in words: never a default in its place.
    public DumpRetention RetentionValue() => Retention == RetentionChoice.KeepLast
        ? new DumpRetention(RetentionCount ?? -1, null)
        : new DumpRetention(null, RetentionCount ?? -1);

    /// <summary>The most the chosen retention allows (the domain's limits).</summary>
    public int RetentionMax => Retention == RetentionChoice.KeepLast ? DumpRetention.MaxKeepLast : DumpRetention.MaxKeepDays;

    /// <summary>What is plainly wrong before asking the server, in the domain's words; null when nothing is.</summary>
    public string? Problem(DatabaseEngine engine)
    {
        if (KubernetesName.ExplainInvalidLabel((Name ?? "").Trim(), "schedule name") is { } name) return name;
        if (Method == DumpMethod.CloudNativePg) return null;
        if (Unreadable() is { } field) return $"The {field} is not a valid number; see the message next to it.";
        if (engine == DatabaseEngine.PostgreSql && PostgresOptions().Problem() is { } pg) return pg;
        if (!(engine == DatabaseEngine.PostgreSql && IsGlobals) && string.IsNullOrWhiteSpace(DatabaseName)) return "Choose which database to dump.";
        return DestinationValue().Problem() ?? RetentionValue().Problem();
    }

    public CreateDumpScheduleCommand ToCommand(Guid databaseId, DatabaseEngine engine)
    {
        var name = (Name ?? "").Trim();
        if (Method == DumpMethod.CloudNativePg)
            return new CreateDumpScheduleCommand(databaseId, name, DumpMethod.CloudNativePg, Cron ?? "", "Etc/UTC", CnpgMethod: CnpgMethod, Reason: Clean(Reason));
        var postgres = engine == DatabaseEngine.PostgreSql;
        return new CreateDumpScheduleCommand(databaseId, name, DumpMethod.NativeTool, Cron ?? "", TimeZone,
            postgres && IsGlobals ? null : DatabaseName, postgres ? PostgresOptions() : null, postgres ? null : MySqlOptions(),
            DestinationValue(), RetentionValue(), Clean(ClientVersion), Reason: Clean(Reason));
    }

    private string? Unreadable() =>
        RetentionCount is null ? "number to keep"
        : Destination == DestinationChoice.NewClaim && SizeGi is null ? "volume size"
        : Compression is null ? "compression level"
        : ParallelAllowed && ParallelJobs is null ? "number of parallel jobs"
        : null;

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
