using Portal.Application.Features.Databases;
using Portal.Databases;
using Portal.Databases.Scripts;
using Portal.Databases.Specs;
using Portal.Domain.Databases;
using DomainEngine = Portal.Domain.Databases.DatabaseEngine;
using LibDestination = Portal.Databases.Specs.ArtifactDirectory;

namespace Portal.Execution.Databases;

/// <summary>A schedule's options, as the dump script library reads them: pg_dump/pg_dumpall or mysqldump specs,
/// the retention, and where on the volume the artifacts go.</summary>
internal static class DumpScripts
{
    /// <summary>The schedule id the script names its artifacts with (<c>&lt;id&gt;-&lt;UTC time&gt;.&lt;ext&gt;</c>) and
    /// its retention matches: readable in a file listing, and unique through the first 8 digits of the schedule's id.</summary>
    public static string ScheduleId(DumpSchedule schedule)
    {
        var name = schedule.Name.Length > 54 ? schedule.Name[..54].TrimEnd('-') : schedule.Name;
        return $"{name}-{schedule.Id.ToString("N")[^8..]}";
    }

    /// <summary>The artifacts of one database go in a folder named after it, so a volume shared by several
    /// databases stays readable.</summary>
    public static LibDestination Destination(DatabaseTarget database) => new(DumpWorkloads.MountPath, database.Name);

    /// <summary>The dump script. On a claim it applies the schedule's retention itself; on S3 the upload does, in the
    /// bucket (<see cref="BucketRetention"/>), and the script keeps everything on its throwaway emptyDir.</summary>
    public static ScriptResult For(DumpSchedule schedule, DatabaseTarget database) => database.Engine == DomainEngine.PostgreSql
        ? PostgresScripts.Dump(Postgres(schedule, database, schedule.Postgres ?? new PostgresDumpOptions()))
        : MySqlScripts.Dump(MySql(schedule, database, schedule.MySql ?? new MySqlDumpOptions()));

    private static PostgresDumpSpec Postgres(DumpSchedule schedule, DatabaseTarget database, PostgresDumpOptions o)
    {
        var globals = o.Tool == PostgresDumpTool.PgDumpAll;
        return new PostgresDumpSpec
        {
            ScheduleId = ScheduleId(schedule),
            Tool = o.Tool,
            Database = globals ? null : schedule.DatabaseName,
            // pg_dumpall writes plain SQL only; its compression and parallelism do not apply.
            Format = globals ? PostgresDumpFormat.Plain : o.Format,
            CompressionLevel = globals ? null : o.Compression,
            ParallelJobs = !globals && o.ParallelJobs > 1 ? o.ParallelJobs : null,
            IncludeSchemas = o.IncludeSchemas ?? [],
            ExcludeSchemas = o.ExcludeSchemas ?? [],
            IncludeTables = o.IncludeTables ?? [],
            ExcludeTables = o.ExcludeTables ?? [],
            Destination = Destination(database),
            Retention = ScriptRetention(schedule),
        };
    }

    private static MySqlDumpSpec MySql(DumpSchedule schedule, DatabaseTarget database, MySqlDumpOptions o) => new()
    {
        ScheduleId = ScheduleId(schedule),
        Engine = database.Engine,
        Databases = [schedule.DatabaseName ?? ""],
        SingleTransaction = o.SingleTransaction,
        Routines = o.Routines,
        Triggers = o.Triggers,
        Events = o.Events,
        Destination = Destination(database),
        Retention = ScriptRetention(schedule),
    };

    /// <summary>What the S3 upload removes from the bucket; keep-all on a claim, where the script applies the retention.</summary>
    public static RetentionPolicy BucketRetention(DumpSchedule schedule) =>
        DumpStorages.IsS3(schedule) ? Retention(schedule.Retention) : RetentionPolicy.KeepAll;

    private static RetentionPolicy ScriptRetention(DumpSchedule schedule) =>
        DumpStorages.IsS3(schedule) ? RetentionPolicy.KeepAll : Retention(schedule.Retention);

    private static RetentionPolicy Retention(DumpRetention r) =>
        r.KeepLast is { } last ? RetentionPolicy.KeepLast(last)
        : r.KeepDays is { } days ? RetentionPolicy.OlderThanDays(days)
        : RetentionPolicy.KeepAll;
}
