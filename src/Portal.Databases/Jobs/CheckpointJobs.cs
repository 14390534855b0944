using System.Text;
using System.Text.Json.Nodes;
using Portal.Databases.Scripts;
using Portal.Domain.Databases;

namespace Portal.Databases.Jobs;

/// <summary>
/// The Job that runs a registered database's checkpoint statement (<see cref="DatabaseCheckpoints.Statement"/>) just before
/// its volumes are snapshotted: in the database's own namespace, with the engine's official image and the credentials of the
/// dumps (the Secret's keys through the environment, never in the script, never read by the portal). It writes one line of
/// JSON as its termination message: <c>{"status":"Succeeded","statement":..,"startedAt":..,"completedAt":..,"durationSeconds":N}</c>,
/// or the prelude's <c>{"status":"Failed","exitCode":N,"error":"&lt;the client's stderr&gt;"}</c>.
/// </summary>
public static class CheckpointJobs
{
    /// <summary>Seconds the statement may run before Kubernetes ends the Job (a CHECKPOINT of a busy server can take a while).</summary>
    public const long DeadlineSeconds = 300;

    /// <summary>One Job per snapshot request (a retried run follows the same Job).</summary>
    public static string JobName(Guid requestId) => $"portal-checkpoint-{KubeNames.ShortRunId(requestId.ToString("N"))}";

    /// <param name="databaseName">The database psql connects to (CHECKPOINT acts on the whole server); ignored for MySQL/MariaDB.</param>
    public static JsonObject Job(DrillDatabase database, string? databaseName, string @namespace, string jobName, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(database);
        var env = DrillCheckJobs.Connection(database);
        if (database.Engine == DatabaseEngine.PostgreSql) env.Add(new JsonObject { ["name"] = "PGCONNECT_TIMEOUT", ["value"] = "20" });
        return DrillCheckJobs.Job(@namespace, jobName, database.Image, labels, Script(database.Engine, databaseName), env, DumpJobManifests.ImageUserId,
            "checkpoint", DeadlineSeconds);
    }

    /// <summary>The sh the Job runs; throws for an engine without a checkpoint (the use case and the executor refuse it first).</summary>
    public static string Script(DatabaseEngine engine, string? databaseName)
    {
        var statement = engine.Statement() ?? throw new ArgumentException(DatabaseCheckpoints.Refusal(engine, "The database"), nameof(engine));
        var sh = new StringBuilder(ShPrelude.For($"{engine.Display()} checkpoint before a volume snapshot"));
        sh.Append($"STATEMENT={ShellQuote.Single(statement)}\n");
        sh.Append("START=$(date +%s)\n");
        if (engine == DatabaseEngine.PostgreSql)
        {
            var connInfo = SqlQuote.PostgresConnInfo(string.IsNullOrWhiteSpace(databaseName) ? "postgres" : databaseName);
            sh.Append($$"""
                [ -n "${PGHOST:-}" ] || fail "PGHOST is not set: the Job must pass the database host (the Service name)."
                STAGE="running CHECKPOINT"
                run_tool psql -X -q -v ON_ERROR_STOP=1 -d {{ShellQuote.Single(connInfo)}} -c 'CHECKPOINT'

                """);
        }
        else
        {
            sh.Append("""
                [ -n "${MYSQL_HOST:-}" ] || fail "MYSQL_HOST is not set: the Job must pass the database host (the Service name)."
                [ -n "${MYSQL_USER:-}" ] || fail "MYSQL_USER is not set: the Job must pass the user from the database Secret."

                """);
            var (client, clientElse) = engine == DatabaseEngine.MariaDb ? ("mariadb", "mysql") : ("mysql", "mariadb");
            sh.Append($"if command -v {client} >/dev/null 2>&1; then CLIENT={client}; else CLIENT={clientElse}; fi\n");
            // A flush, not a lock (see DatabaseCheckpoints): FLUSH TABLES closes and writes out the tables, FLUSH LOGS the logs.
            sh.Append($$"""
                STAGE="running FLUSH TABLES"
                run_tool "$CLIENT" {{MySqlScripts.Connection}} --connect-timeout=20 -e 'FLUSH TABLES'
                STAGE="running FLUSH LOGS"
                run_tool "$CLIENT" {{MySqlScripts.Connection}} --connect-timeout=20 -e 'FLUSH LOGS'

                """);
        }
        sh.Append("""
            END=$(date +%s)
            printf '{"status":"Succeeded","statement":"%s","startedAt":"%s","completedAt":"%s","durationSeconds":%d}\n' \
              "$STATEMENT" "$(rfc3339 "$START")" "$(rfc3339 "$END")" $((END - START)) > "$TERMINATION_LOG"

            """);
        return sh.ToString();
    }
}
