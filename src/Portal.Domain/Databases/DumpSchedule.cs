using Portal.Domain.Common;

namespace Portal.Domain.Databases;

/// <summary>How a schedule's dumps are made.</summary>
public enum DumpMethod
{
    /// <summary>The engine's own tool (pg_dump, pg_dumpall, mysqldump) in a CronJob the portal writes.</summary>
    NativeTool,
    /// <summary>CloudNativePG's operator: a ScheduledBackup (six-field cron, seconds first) and Backups.</summary>
    CloudNativePg,
}

/// <summary>CloudNativePG's backup methods.</summary>
public enum CnpgBackupMethod { BarmanObjectStore, VolumeSnapshot }

/// <summary>Where a schedule stands on its cluster.</summary>
public enum DumpScheduleState
{
    /// <summary>Saved; the executor has not yet written it to the cluster.</summary>
    Pending,
    /// <summary>On the cluster (running, or suspended when <see cref="DumpSchedule.Suspended"/>).</summary>
    Active,
    /// <summary>Being removed from the cluster.</summary>
    Removing,
    /// <summary>Gone from the cluster; its dumps stay listed.</summary>
    Removed,
}

/// <summary>Dumps of one database on a schedule, realized on the cluster as a CronJob labelled with this id.
/// Cron syntax and time zones are checked by the application (which has the cron parser) before this is made.</summary>
public sealed class DumpSchedule : Entity, IClusterScoped
{
    private DumpSchedule() { Name = Cron = TimeZone = ClientImage = CreatedBy = ""; Destination = null!; Retention = null!; }

    /// <param name="databaseName">The database of the server to dump (one of the registered names); null for pg_dumpall's globals.</param>
    public DumpSchedule(DatabaseTarget database, string name, string? databaseName, PostgresDumpOptions? postgres, MySqlDumpOptions? mysql,
        DumpDestination destination, string cron, string timeZone, DumpRetention retention, string clientImage, string createdBy, DateTimeOffset now)
        : this(database, name, cron, timeZone, createdBy, now)
    {
        if (database.Engine == DatabaseEngine.PostgreSql ? postgres is null : mysql is null)
            throw new DomainException($"A {database.Engine.Display()} database needs {(database.Engine == DatabaseEngine.PostgreSql ? "pg_dump" : "mysqldump")} options.");
        if ((postgres?.Problem() ?? destination.Problem() ?? retention.Problem()) is { } problem) throw new DomainException(problem);
        if (string.IsNullOrWhiteSpace(clientImage)) throw new DomainException("Choose the client image.");
        var globals = database.Engine == DatabaseEngine.PostgreSql && postgres!.Tool == PostgresDumpTool.PgDumpAll;
        if (!globals && (databaseName is null || !database.DatabaseNames.Contains(databaseName)))
            throw new DomainException($"Choose which database of {database.Name} to dump: {string.Join(", ", database.DatabaseNames)}.");
        DatabaseName = globals ? null : databaseName;
        Postgres = database.Engine == DatabaseEngine.PostgreSql ? postgres : null;
        MySql = database.Engine == DatabaseEngine.PostgreSql ? null : mysql;
        Destination = destination;
        Retention = retention;
        ClientImage = clientImage;
    }

    private DumpSchedule(DatabaseTarget database, string name, string cron, string timeZone, string createdBy, DateTimeOffset now)
    {
        if (KubernetesName.ExplainInvalidLabel(name, "schedule name") is { } why) throw new DomainException(why);
        TenantId = database.TenantId;
        ClusterId = database.ClusterId;
        DatabaseTargetId = database.Id;
        Namespace = database.Namespace;
        Name = name;
        Cron = cron.Trim();
        TimeZone = timeZone;
        CreatedBy = createdBy;
        CreatedAt = UpdatedAt = now;
        Destination = new DumpDestination(DumpDestinationKind.PersistentVolumeClaim);
        Retention = new DumpRetention(null, null);
        ClientImage = "";
    }

    /// <summary>A schedule run by CloudNativePG: a ScheduledBackup of the database's CNPG Cluster. CloudNativePG
    /// evaluates its cron in UTC, so the zone is fixed to Etc/UTC; format, destination and retention are the
    /// Cluster's own backup configuration.</summary>
    public static DumpSchedule ForOperator(DatabaseTarget database, string name, CnpgBackupMethod method, string cron, string createdBy, DateTimeOffset now)
    {
        if (database.Source != DatabaseSource.CloudNativePgCluster || string.IsNullOrEmpty(database.SourceObject))
            throw new DomainException("Operator-managed backups need a database registered from a CloudNativePG Cluster.");
        return new DumpSchedule(database, name, cron, "Etc/UTC", createdBy, now) { Method = DumpMethod.CloudNativePg, CnpgMethod = method };
    }

    public Guid TenantId { get; private set; }
    public Guid ClusterId { get; private set; }
    public Guid DatabaseTargetId { get; private set; }
    public string Namespace { get; private set; } = "";
    public string Name { get; private set; }
    /// <summary>The database dumped (null for pg_dumpall's globals and for CloudNativePG, which backs up the whole cluster).</summary>
    public string? DatabaseName { get; private set; }
    public DumpMethod Method { get; private set; } = DumpMethod.NativeTool;
    /// <summary>CloudNativePG only.</summary>
    public CnpgBackupMethod? CnpgMethod { get; private set; }
    public DumpScheduleState State { get; private set; } = DumpScheduleState.Pending;
    /// <summary>When the executor last wrote the schedule to the cluster.</summary>
    public DateTimeOffset? AppliedAt { get; private set; }
    public PostgresDumpOptions? Postgres { get; private set; }
    public MySqlDumpOptions? MySql { get; private set; }
    public DumpDestination Destination { get; private set; }
    /// <summary>Five-field cron, evaluated in <see cref="TimeZone"/> (an IANA zone, as CronJob spec.timeZone).</summary>
    public string Cron { get; private set; }
    public string TimeZone { get; private set; }
    public DumpRetention Retention { get; private set; }
    public string ClientImage { get; private set; }
    public bool Suspended { get; private set; }
    public string CreatedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>CloudNativePG's six-field cron (seconds first) for the five-field <see cref="Cron"/>.</summary>
    public string OperatorCron => "0 " + Cron.Trim();

    /// <summary>The ScheduledBackup's name (CloudNativePG), deterministic like <see cref="CronJobName"/>.</summary>
    public string ScheduledBackupName => $"portal-dump-{Id:N}";

    /// <summary>The label value that marks every object and run of this schedule.</summary>
    public string LabelValue => Id.ToString("N");

    /// <summary>The CronJob's deterministic name: one schedule, one CronJob, whatever the retries.
    /// CronJob names are limited to 52 characters (the Job name adds 11); "portal-dump-" + 32 hex digits is 44.</summary>
    public string CronJobName => $"portal-dump-{Id:N}";

    public void Suspend(bool suspended, DateTimeOffset now)
    {
        RequireNotRemoved();
        Suspended = suspended;
        UpdatedAt = now;
    }

    public void MarkApplied(DateTimeOffset now)
    {
        RequireNotRemoved();
        if (State == DumpScheduleState.Removing) return; // a removal asked for meanwhile wins
        State = DumpScheduleState.Active;
        AppliedAt = UpdatedAt = now;
    }

    public void BeginRemoval(DateTimeOffset now)
    {
        RequireNotRemoved();
        State = DumpScheduleState.Removing;
        UpdatedAt = now;
    }

    public void MarkRemoved(DateTimeOffset now)
    {
        State = DumpScheduleState.Removed;
        UpdatedAt = now;
    }

    public bool IsRemoved => State is DumpScheduleState.Removing or DumpScheduleState.Removed;

    private void RequireNotRemoved()
    {
        if (IsRemoved) throw new DomainException($"The schedule {Name} has been removed.");
    }
}
