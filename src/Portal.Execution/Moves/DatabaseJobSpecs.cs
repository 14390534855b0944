using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Portal.Application.Abstractions.Clusters;
using Portal.Databases;
using Portal.Databases.Jobs;
using Portal.Databases.Scripts;
using Portal.Databases.Specs;
using Portal.Domain.Moves;
using Portal.Moves.Classification;
using ClassifiedEngine = Portal.Domain.Databases.DatabaseEngine;
using ToolEngine = Portal.Domain.Databases.DatabaseEngine;

namespace Portal.Execution.Moves;

/// <summary>How a database move's Jobs reach a database (<see cref="DatabaseAccessReader"/>), what they run (pg_dumpall or
/// mysqldump --all-databases and psql or mysql; pg_dump and pg_restore of a CloudNativePG cluster's application
/// database), and the names of its scratch objects.</summary>
internal static class DatabaseJobSpecs
{
    public const string MountPath = "/dumps";

    /// <summary>How a Job reaches one database: host and port, engine, the Secret with the credentials, the client image.</summary>
    public sealed record Conn(ToolEngine Engine, string Host, int Port, SecretCredentials Credentials, string Image, string? Database);

    public static string ScratchClaim(MigrationRun m) => $"portal-dbmove-{Short(m.App.Id.ToString())}";

    public static string ScratchBase(MigrationRun m) => $"portal-db-{Short(m.App.Id.ToString())}";

    private static string Short(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..10];

    /// <summary>The connection from the database's object; a database the portal cannot reach fails the step, saying why.</summary>
    public static Conn Connection(MigrationRun m, DatabaseDump db, JsonObject obj)
    {
        var engine = Enum.TryParse<ClassifiedEngine>(db.Engine, out var e) ? e : ClassifiedEngine.PostgreSql;
        var read = DatabaseAccessReader.Read(obj, engine, m.Manifests(), m.App.SourceNamespace);
        if (read.Access is not { } a) throw new StepFailedException(read.Problem!);
        var tool = a.Engine switch
        {
            ClassifiedEngine.MySql => ToolEngine.MySql,
            ClassifiedEngine.MariaDb => ToolEngine.MariaDb,
            _ => ToolEngine.PostgreSql,
        };
        return new Conn(tool, a.Host, a.Port, new SecretCredentials(a.SecretName, a.UsernameKey, a.Username, a.PasswordKey), a.Image, a.Database);
    }

    private static string ArtifactName(DatabaseDump db) =>
        Regex.IsMatch(db.Name, "^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$") ? db.Name : "db-" + Short(db.Name);

    public static ScriptResult DumpScript(DatabaseDump db, Conn conn)
    {
        var destination = new ArtifactDirectory(MountPath, ArtifactName(db));
        return conn.Database is { } database
            ? PostgresScripts.Dump(new PostgresDumpSpec { ScheduleId = ArtifactName(db), Database = database, Destination = destination })
            : ServerScripts.Dump(new ServerDumpSpec(conn.Engine, ArtifactName(db), destination));
    }

    public static ScriptResult RestoreScript(DatabaseDump db, Conn conn)
    {
        if (db.Artifact is null || db.Sha256 is null) throw new StepFailedException($"The dump of {db} is not recorded; it cannot be restored.");
        return conn.Database is { } database
            ? PostgresScripts.Restore(new PostgresRestoreSpec
            {
                MountPath = MountPath, Artifact = db.Artifact, ExpectedSha256 = db.Sha256, TargetDatabase = database, Mode = RestoreMode.OverwriteExisting,
            })
            : ServerScripts.Restore(new ServerRestoreSpec(conn.Engine, MountPath, db.Artifact, db.Sha256));
    }

    /// <param name="what">"dump" or "restore", for the words when the script cannot be made.</param>
    public static DumpWorkload Workload(MigrationRun m, DatabaseDump db, Conn conn, ScriptResult script, string ns, string claim, string what)
    {
        if (!script.IsValid)
            throw new StepFailedException($"The {what} of {db} cannot be scripted: {string.Join(" ", script.Errors)}");
        return new DumpWorkload
        {
            Namespace = ns,
            BaseName = $"{ScratchBase(m)}-{ArtifactName(db)}",
            Labels = Labels(m),
            Engine = conn.Engine,
            Image = conn.Image,
            Script = script.Script!,
            Host = conn.Host,
            Port = conn.Port,
            Credentials = conn.Credentials,
            ClaimName = claim,
            MountPath = MountPath,
            ActiveDeadlineSeconds = 6 * 3600,
        };
    }

    /// <summary>The scratch claim the dumps go to (one per application on each cluster).</summary>
    public static JsonObject Claim(MigrationRun m, string name, string ns, int sizeGi) =>
        DumpJobManifests.PersistentVolumeClaim(name, ns, null, sizeGi, Labels(m));

    public static Dictionary<string, string> Labels(MigrationRun m) => new()
    {
        [MigrationRun.OwnerLabel] = m.App.Id.ToString(),
        [PortalLabels.ManagedBy] = PortalLabels.ManagedByValue,
    };
}
