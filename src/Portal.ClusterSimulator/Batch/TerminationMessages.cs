using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Batch;

/// <summary>
/// What a Job's container writes to its termination message (<c>/dev/termination-log</c>). The simulator cannot run
/// the container, so it writes what a database dump script would: a verbatim message when one is given
/// (container env <see cref="EnvVar"/> or annotation <see cref="Annotation"/> on the Job or its pod template),
/// else for pg_dump / pg_dumpall / mysqldump / mariadb-dump a one-line JSON result with artifact, size and checksum,
/// for pg_restore / psql / mysql a success line (with the verification script's report, tables as
/// <c>{"schema","name","rows"}</c>, when the command verifies), for the portal's checkpoint script (a line
/// <c>STATEMENT='CHECKPOINT'</c>) its success line with the statement. Other containers
/// write nothing.
/// <para>The artifact is named as the portal's generated dump script names it: when the script has the lines
/// <c>NAME="&lt;scheduleId&gt;-$STAMP&lt;ext&gt;"</c> and <c>REL='&lt;dir&gt;/'"$NAME"</c>, it is
/// <c>&lt;dir&gt;/&lt;scheduleId&gt;-&lt;UTC start, yyyyMMddTHHmmssZ&gt;&lt;ext&gt;</c>; otherwise
/// <c>&lt;ARTIFACT_PREFIX env or "dump"&gt;/&lt;job name&gt;.dump</c>. In the portal's S3 pod the dump script runs in an
/// init container and the main container uploads (its script sets <c>S3_BASE='s3://bucket/prefix'</c>): the main
/// container then reports the dump, with the artifact at <c>s3://bucket/prefix/&lt;dir&gt;/&lt;name&gt;</c>.</para>
/// </summary>
internal static partial class TerminationMessages
{
    public const string Annotation = "simulator.kubernetes-portal.io/termination-message";
    public const string EnvVar = "SIMULATOR_TERMINATION_MESSAGE";

    /// <summary>The kubelet keeps at most 4096 bytes of a termination message.</summary>
    public const int MaxBytes = 4096;

    private static readonly DateTimeOffset GrowthEpoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string? ForSuccess(JsonObject job, JsonObject pod, JsonObject container, DateTimeOffset startedAt, DateTimeOffset finishedAt)
    {
        if (Verbatim(job, pod, container) is { } given) return Truncate(given);
        var command = CommandText(container);
        if (CheckpointStatement().Match(command) is { Success: true } checkpoint)
        {
            // the portal's checkpoint Job before a volume snapshot (it also names psql or mysql: answer as its script does)
            return new JsonObject
            {
                ["status"] = "Succeeded",
                ["statement"] = checkpoint.Groups["statement"].Value,
                ["startedAt"] = JsonHelpers.Timestamp(startedAt),
                ["completedAt"] = JsonHelpers.Timestamp(finishedAt),
                ["durationSeconds"] = (long)Math.Floor((finishedAt - startedAt).TotalSeconds),
            }.ToJsonString();
        }
        var image = container.StringProperty("image") ?? "";
        var jobName = JsonHelpers.NameOf(job) ?? "job";
        var duration = Math.Max(1, (long)Math.Ceiling((finishedAt - startedAt).TotalSeconds));
        // The portal's S3 pod: the dump ran in an init container and this container uploaded what it wrote.
        var s3Base = S3Base().Match(command) is { Success: true } m ? m.Groups["base"].Value : null;
        var uploaded = s3Base is null ? null : InitContainers(pod).FirstOrDefault(c => DumpTool(CommandText(c), c.StringProperty("image") ?? "") is not null);
        var dumper = uploaded ?? container;
        var dumpCommand = CommandText(dumper);
        var tool = DumpTool(dumpCommand, dumper.StringProperty("image") ?? "");
        if (tool is not null)
        {
            var prefix = EnvValue(container, "ARTIFACT_PREFIX") is { Length: > 0 } p ? p.TrimEnd('/') : "dump";
            var artifact = ScriptArtifact(dumpCommand, startedAt) ?? $"{prefix}/{jobName}.dump";
            var result = new JsonObject
            {
                ["status"] = "Succeeded",
                ["artifact"] = uploaded is not null ? $"{s3Base}/{artifact}" : artifact,
                ["sizeBytes"] = SizeBytes(jobName, finishedAt),
                ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(jobName))),
                ["startedAt"] = JsonHelpers.Timestamp(startedAt),
                ["completedAt"] = JsonHelpers.Timestamp(finishedAt),
                ["durationSeconds"] = duration,
                ["tool"] = $"{tool} {ToolVersion(dumper.StringProperty("image") ?? "", tool)}",
            };
            return result.ToJsonString();
        }
        tool = RestoreTool(command);
        if (tool is not null)
        {
            var result = new JsonObject
            {
                ["status"] = "Succeeded",
                ["startedAt"] = JsonHelpers.Timestamp(startedAt),
                ["completedAt"] = JsonHelpers.Timestamp(finishedAt),
                ["durationSeconds"] = duration,
                ["tool"] = $"{tool} {ToolVersion(image, tool)}",
            };
            if (IsVerify(command, jobName))
            {
                // the verification script's report: every table of the dump found, with its rows
                var tables = Tables(jobName);
                result["tables"] = tables;
                result["tocTables"] = tables.Count;
                result["missing"] = new JsonArray();
            }
            return result.ToJsonString();
        }
        return null;
    }

    /// <summary>The message given verbatim for this container, if any (env var first, then pod, then Job annotation).</summary>
    public static string? Verbatim(JsonObject job, JsonObject pod, JsonObject container) =>
        EnvValue(container, EnvVar)
        ?? pod.AtPath("metadata.annotations")?.StringProperty(Annotation)
        ?? job.AtPath("metadata.annotations")?.StringProperty(Annotation);

    public static string DefaultFailure(int exitCode) =>
        new JsonObject { ["status"] = "Failed", ["exitCode"] = exitCode, ["error"] = "simulated failure" }.ToJsonString();

    public static string Truncate(string message)
    {
        if (Encoding.UTF8.GetByteCount(message) <= MaxBytes) return message;
        var bytes = Encoding.UTF8.GetBytes(message);
        return Encoding.UTF8.GetString(bytes, 0, MaxBytes).TrimEnd('\uFFFD');
    }

    /// <summary>Deterministic per schedule (the Job name without a trailing -&lt;digits&gt;), growing ~0.2 % a day, with a little per-run jitter.</summary>
    public static long SizeBytes(string jobName, DateTimeOffset at)
    {
        var stem = RunSuffix().Replace(jobName, "");
        var baseSize = 20L * 1024 * 1024 + (long)(Hash(stem) % (480UL * 1024 * 1024));
        var days = Math.Max(0, (at - GrowthEpoch).TotalDays);
        var jitter = (long)(Hash(jobName) % 1000UL) * baseSize / 100_000; // up to 1 %
        return (long)(baseSize * (1 + 0.002 * days)) + jitter;
    }

    private static string CommandText(JsonObject container)
    {
        var parts = new List<string>();
        foreach (var key in new[] { "command", "args" })
        {
            if (container[key] is JsonArray a) parts.AddRange(a.Select(x => x.ScalarText() ?? ""));
        }
        return string.Join(' ', parts);
    }

    /// <summary>The artifact a generated dump script would report, from its NAME and REL lines; null without them.</summary>
    private static string? ScriptArtifact(string script, DateTimeOffset startedAt)
    {
        var name = ScriptName().Match(script);
        if (!name.Success) return null;
        var dir = ScriptRel().Match(script) is { Success: true } rel ? rel.Groups["dir"].Value : "";
        var stamp = startedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        return $"{dir}{name.Groups["id"].Value}-{stamp}{name.Groups["ext"].Value}";
    }

    /// <summary>The dump tool a command runs. The portal's MySQL scripts name both clients and take the one the image
    /// has: mariadb-dump in a mariadb image, mysqldump otherwise.</summary>
    private static string? DumpTool(string command, string image)
    {
        if (Mentions(command, "pg_dumpall")) return "pg_dumpall";
        if (Mentions(command, "pg_dump")) return "pg_dump";
        var mariadb = Mentions(command, "mariadb-dump");
        var mysql = Mentions(command, "mysqldump");
        if (mariadb && mysql) return image.Contains("mariadb", StringComparison.OrdinalIgnoreCase) ? "mariadb-dump" : "mysqldump";
        if (mariadb) return "mariadb-dump";
        if (mysql) return "mysqldump";
        return null;
    }

    private static IEnumerable<JsonObject> InitContainers(JsonObject pod) =>
        pod.AtPath("spec.initContainers") is JsonArray a ? a.OfType<JsonObject>() : [];

    private static string? RestoreTool(string command)
    {
        if (Mentions(command, "pg_restore")) return "pg_restore";
        if (Mentions(command, "psql")) return "psql";
        if (Mentions(command, "mariadb")) return "mariadb";
        if (Mentions(command, "mysql")) return "mysql";
        return null;
    }

    private static bool IsVerify(string command, string jobName) =>
        command.Contains("--list", StringComparison.Ordinal) || command.Contains(" -l ", StringComparison.Ordinal)
        || command.Contains("verify", StringComparison.OrdinalIgnoreCase) || jobName.Contains("verify", StringComparison.OrdinalIgnoreCase)
        || command.Contains("count(", StringComparison.OrdinalIgnoreCase);

    private static JsonArray Tables(string jobName)
    {
        var seed = Hash(RunSuffix().Replace(jobName, ""));
        var names = new[] { "public.customers", "public.orders", "public.order_items", "public.payments", "public.invoices" };
        return new JsonArray(names.Select((n, i) => (JsonNode)new JsonObject
        {
            ["schema"] = n[..n.IndexOf('.')],
            ["name"] = n[(n.IndexOf('.') + 1)..],
            ["rows"] = (long)((seed >> (i * 8)) % 90_000UL) + 1_000,
        }).ToArray());
    }

    private static bool Mentions(string command, string tool) =>
        Regex.IsMatch(command, $@"(^|[^\w-]){Regex.Escape(tool)}($|[^\w-])");

    private static string ToolVersion(string image, string tool)
    {
        var tag = image.Contains(':', StringComparison.Ordinal) ? image[(image.LastIndexOf(':') + 1)..] : "";
        var match = Version().Match(tag);
        if (match.Success) return match.Value;
        return tool.StartsWith("pg", StringComparison.Ordinal) || tool == "psql" ? "16.4"
            : tool.StartsWith("mariadb", StringComparison.Ordinal) ? "11.4.3" : "8.4.3";
    }

    private static string? EnvValue(JsonObject container, string name) =>
        container["env"] is JsonArray env
            ? env.OfType<JsonObject>().FirstOrDefault(e => e.StringProperty("name") == name)?.StringProperty("value")
            : null;

    private static ulong Hash(string text) => BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0);

    [GeneratedRegex(@"-\d+$")]
    private static partial Regex RunSuffix();

    [GeneratedRegex(@"(?m)^\s*NAME=""(?<id>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)-\$STAMP(?<ext>(?:\.[a-z]+)+)""\s*$")]
    private static partial Regex ScriptName();

    [GeneratedRegex(@"(?m)^\s*REL=(?:'(?<dir>[A-Za-z0-9._/-]*)')?""\$NAME""\s*$")]
    private static partial Regex ScriptRel();

    [GeneratedRegex(@"(?m)^\s*S3_BASE='(?<base>s3://[^'\s]+)'\s*$")]
    private static partial Regex S3Base();

    [GeneratedRegex(@"(?m)^\s*STATEMENT='(?<statement>[A-Z ;]+)'\s*$")]
    private static partial Regex CheckpointStatement();

    [GeneratedRegex(@"^\d+(\.\d+){0,2}")]
    private static partial Regex Version();
}
