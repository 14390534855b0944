using System.Globalization;
using System.Text.Json.Nodes;
using Portal.Domain.Common;
using Portal.Domain.Databases;
using Portal.Domain.Recovery;

namespace Portal.Databases.Jobs;

/// <summary>What a SQL check of a drill reads: the registered database's engine, its Service's name (addressed inside the
/// scratch namespace, where the drill restored it), port and credentials (its Secret, restored with it).</summary>
public sealed record DrillDatabase(DatabaseEngine Engine, string ServiceName, int Port, SecretKeyReference Credentials, string Image);

/// <summary>
/// The short-lived Jobs that run a restore drill's checks inside its scratch namespace. Each writes one line of JSON as its
/// termination message (<c>{"passed":true,"detail":"..."}</c>) and exits non-zero when the check fails. An HTTP check GETs
/// <c>http://service:port/path</c> with curl and compares the status; a SQL check runs the engine's client (the image and the
/// credential handling of the dumps: password from the Secret through the environment, never in the script).
/// </summary>
public static class DrillCheckJobs
{
    /// <summary>Seconds a check may run before Kubernetes kills it (the executor's own limit is counted separately).</summary>
    public const long DeadlineSeconds = 300;

    public static string JobName(Guid drillId, int index) => $"portal-drill-check-{index + 1}-{drillId.ToString("N")[^8..]}";

    public static JsonObject Http(DrillCheck check, string @namespace, string jobName, string image, IReadOnlyDictionary<string, string> labels)
    {
        if (check.Kind != DrillCheckKind.HttpGet || check.Problem() is { } problem) throw new ArgumentException(check.Problem() ?? "Not an HTTP check.", nameof(check));
        var url = $"http://{check.Service}:{check.Port!.Value.ToString(CultureInfo.InvariantCulture)}{check.Path}";
        var expected = check.ExpectedStatus!.Value.ToString(CultureInfo.InvariantCulture);
        var script = $$"""
            set -u
            URL={{ShellQuote.Single(url)}}
            code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 "$URL" 2>/tmp/err) || true
            if [ "$code" = {{expected}} ]; then
              printf '{"passed":true,"detail":"GET %s answered %s"}' "$URL" "$code" > /dev/termination-log
              exit 0
            fi
            why=$(tr -d '"\\\n' < /tmp/err | cut -c1-300)
            printf '{"passed":false,"detail":"GET %s answered %s, expected {{expected}} %s"}' "$URL" "${code:-000}" "$why" > /dev/termination-log
            exit 1
            """;
        return Job(@namespace, jobName, image, labels, script, [], 100);
    }

    public static JsonObject Sql(DrillCheck check, DrillDatabase database, string @namespace, string jobName, IReadOnlyDictionary<string, string> labels)
    {
        if (check.Kind == DrillCheckKind.HttpGet || check.Problem() is { } problem) throw new ArgumentException(check.Problem() ?? "Not a SQL check.", nameof(check));
        var pg = database.Engine == DatabaseEngine.PostgreSql;
        var query = check.Kind == DrillCheckKind.SqlRowCount
            ? $"SELECT CASE WHEN count(*) >= {check.MinimumRows!.Value.ToString(CultureInfo.InvariantCulture)} THEN 1 ELSE 0 END, count(*) FROM {check.Table}"
            : $"SELECT CASE WHEN ({check.Query}) THEN 1 ELSE 0 END";
        var client = pg
            ? $"psql -X -A -t -F ' ' -v ON_ERROR_STOP=1 -d {ShellQuote.Single(check.DatabaseName!)} -c \"$QUERY\""
            : $"mysql -N -B --connect-timeout=20 {ShellQuote.Single(check.DatabaseName!)} -e \"$QUERY\"";
        var script = $$"""
            set -u
            QUERY={{ShellQuote.Single(query)}}
            if ! out=$({{client}} 2>/tmp/err); then
              why=$(tr -d '"\\\n' < /tmp/err | cut -c1-500)
              printf '{"passed":false,"detail":"the query failed: %s"}' "$why" > /dev/termination-log
              exit 1
            fi
            set -- $out
            if [ "${1:-0}" = 1 ]; then
              printf '{"passed":true,"detail":"%s"}' "${2:+$2 rows}" > /dev/termination-log
              exit 0
            fi
            printf '{"passed":false,"detail":"%s"}' "${2:+only $2 rows}" > /dev/termination-log
            exit 1
            """;
        return Job(@namespace, jobName, database.Image, labels, script, Connection(database), DumpJobManifests.ImageUserId);
    }

    /// <summary>The engine client's connection, from the Service (its short name: the Job runs in the database's namespace) and the
    /// Secret: the password only ever as a secretKeyRef.</summary>
    internal static JsonArray Connection(DrillDatabase database)
    {
        var pg = database.Engine == DatabaseEngine.PostgreSql;
        var host = database.ServiceName.Split('.')[0];
        return new JsonArray(
            Literal(pg ? "PGHOST" : "MYSQL_HOST", host),
            Literal(pg ? "PGPORT" : "MYSQL_TCP_PORT", database.Port.ToString(CultureInfo.InvariantCulture)),
            database.Credentials.UsernameKey is { Length: > 0 } userKey
                ? FromSecret(pg ? "PGUSER" : "MYSQL_USER", database.Credentials.SecretName, userKey)
                : Literal(pg ? "PGUSER" : "MYSQL_USER", database.Credentials.Username ?? (pg ? "postgres" : "root")),
            FromSecret(pg ? "PGPASSWORD" : "MYSQL_PWD", database.Credentials.SecretName, database.Credentials.PasswordKey));
    }

    /// <summary>A short-lived, unprivileged Job of one container running <paramref name="script"/> (no retry, a deadline, kept an hour).</summary>
    internal static JsonObject Job(string @namespace, string name, string image, IReadOnlyDictionary<string, string> labels, string script, JsonArray env,
        long userId, string container = "check", long deadlineSeconds = DeadlineSeconds)
    {
        var labelObject = new JsonObject();
        foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal)) labelObject[key] = value;
        labelObject[PortalLabels.ManagedBy] = PortalLabels.ManagedByValue;
        return new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = @namespace, ["labels"] = labelObject },
            ["spec"] = new JsonObject
            {
                ["backoffLimit"] = 0,
                ["activeDeadlineSeconds"] = deadlineSeconds,
                ["ttlSecondsAfterFinished"] = 3600,
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = labelObject.DeepClone() },
                    ["spec"] = new JsonObject
                    {
                        ["restartPolicy"] = "Never",
                        ["automountServiceAccountToken"] = false,
                        ["enableServiceLinks"] = false,
                        ["securityContext"] = new JsonObject
                        {
                            ["runAsNonRoot"] = true,
                            ["runAsUser"] = userId,
                            ["runAsGroup"] = userId,
                            ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" },
                        },
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = container,
                            ["image"] = image,
                            ["command"] = new JsonArray("/bin/sh", "-c", script),
                            ["env"] = env,
                            ["resources"] = new JsonObject
                            {
                                ["requests"] = new JsonObject { ["cpu"] = "50m", ["memory"] = "64Mi" },
                                ["limits"] = new JsonObject { ["memory"] = "256Mi" },
                            },
                            ["securityContext"] = new JsonObject
                            {
                                ["allowPrivilegeEscalation"] = false,
                                ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
                            },
                        }),
                    },
                },
            },
        };
    }

    private static JsonObject Literal(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static JsonObject FromSecret(string name, string secret, string key) => new()
    {
        ["name"] = name,
        ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = secret, ["key"] = key } },
    };
}
