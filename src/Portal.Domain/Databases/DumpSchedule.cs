using Portal.Domain.Common;

namespace Portal.Domain.Databases;

/// <summary>Dumps of one database on a schedule, realized on the cluster as a CronJob labelled with this id.
/// Cron syntax and time zones are checked by the application (which has the cron parser) before this is made.</summary>
public sealed class DumpSchedule : Entity, IClusterScoped
{
    private DumpSchedule() { Name = Cron = TimeZone = ClientImage = CreatedBy = ""; Destination = null!; Retention = null!; }

    public DumpSchedule(DatabaseTarget database, string name, PostgresDumpOptions? postgres, MySqlDumpOptions? mysql, DumpDestination destination,
        string cron, string timeZone, DumpRetention retention, string clientImage, string createdBy, DateTimeOffset now)
    {
        if (KubernetesName.ExplainInvalidLabel(name, "schedule name") is { } why) throw new DomainException(why);
        if (database.Engine == DatabaseEngine.PostgreSql ? postgres is null : mysql is null)
            throw new DomainException($"A {database.Engine.Display()} database needs {(database.Engine == DatabaseEngine.PostgreSql ? "pg_dump" : "mysqldump")} options.");
        if ((postgres?.Problem() ?? destination.Problem() ?? retention.Problem()) is { } problem) throw new DomainException(problem);
        if (string.IsNullOrWhiteSpace(clientImage)) throw new DomainException("Choose the client image.");
        TenantId = database.TenantId;
        ClusterId = database.ClusterId;
        DatabaseTargetId = database.Id;
        Name = name;
        Postgres = postgres;
        MySql = mysql;
        Destination = destination;
        Cron = cron;
        TimeZone = timeZone;
        Retention = retention;
        ClientImage = clientImage;
        CreatedBy = createdBy;
        CreatedAt = UpdatedAt = now;
    }

    public Guid TenantId { get; private set; }
    public Guid ClusterId { get; private set; }
    public Guid DatabaseTargetId { get; private set; }
    public string Name { get; private set; }
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

    /// <summary>The CronJob's deterministic name: one schedule, one CronJob, whatever the retries.
    /// CronJob names are limited to 52 characters (the Job name adds 11); "portal-dump-" + 32 hex digits is 44.</summary>
    public string CronJobName => $"portal-dump-{Id:N}";

    public void Suspend(bool suspended, DateTimeOffset now)
    {
        Suspended = suspended;
        UpdatedAt = now;
    }
}
