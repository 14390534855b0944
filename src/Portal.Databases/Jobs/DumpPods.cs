using System.Globalization;
using System.Text.Json.Nodes;
using Portal.Databases.Scripts;
using Portal.Domain.Databases;

namespace Portal.Databases.Jobs;

/// <summary>
/// The pod spec of a dump, restore or verification Job. With a <see cref="DumpStorage.Pvc"/> it is one database
/// container on the claim. With <see cref="DumpStorage.S3"/> the same database container and an <c>aws</c> container
/// share an <c>emptyDir</c> at the mount path: a dump runs first (init) and the upload reports; a download runs
/// first (init) and the restore or verification reports (see <see cref="HandOver"/>).
/// </summary>
internal static class DumpPods
{
    private const string TmpVolume = "tmp";
    private const string DataVolume = "dumps";

    public static JsonObject Spec(DumpWorkload w, DatabaseJobKind kind)
    {
        var spec = new JsonObject
        {
            ["restartPolicy"] = "Never",
            // The pod talks to the database (and the object store) only; it has no business with the Kubernetes API.
            ["automountServiceAccountToken"] = false,
            ["enableServiceLinks"] = false,
            ["securityContext"] = new JsonObject
            {
                ["runAsNonRoot"] = true,
                ["runAsUser"] = DumpJobManifests.ImageUserId,
                ["runAsGroup"] = DumpJobManifests.ImageUserId,
                ["fsGroup"] = DumpJobManifests.ImageUserId,
                ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" },
            },
        };
        var readOnlyData = kind != DatabaseJobKind.Dump;
        if (w.Storage is DumpStorage.S3 s3)
        {
            var handOver = HandOver.PathIn(w.MountPath);
            if (kind == DatabaseJobKind.Dump)
            {
                spec["initContainers"] = new JsonArray(Database(w, ["/bin/sh", "-c", HandOver.HandOffScript, "portal-dump", w.Script], readOnlyData: false, handOver));
                spec["containers"] = new JsonArray(Aws(w, s3, "upload", S3Scripts.Upload(s3, w.MountPath, w.Retention), readOnlyData: true));
            }
            else
            {
                var download = S3Scripts.Download(s3, w.MountPath, w.Artifact!);
                spec["initContainers"] = new JsonArray(Aws(w, s3, "download", download, readOnlyData: false, ["/bin/sh", "-c", HandOver.HandOffScript, "portal-download"], handOver));
                spec["containers"] = new JsonArray(Database(w, ["/bin/sh", "-c", HandOver.GateScript, "portal-" + kind.ToString().ToLowerInvariant(), handOver, w.Script], readOnlyData: true, null));
            }
            spec["volumes"] = new JsonArray(
                new JsonObject { ["name"] = DataVolume, ["emptyDir"] = new JsonObject() },
                new JsonObject { ["name"] = TmpVolume, ["emptyDir"] = new JsonObject() });
            return spec;
        }

        var claim = ((DumpStorage.Pvc)w.Storage!).ClaimName;
        spec["containers"] = new JsonArray(Database(w, ["/bin/sh", "-c", w.Script], readOnlyData, null));
        spec["volumes"] = new JsonArray(
            new JsonObject
            {
                ["name"] = DataVolume,
                ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claim, ["readOnly"] = readOnlyData },
            },
            new JsonObject { ["name"] = TmpVolume, ["emptyDir"] = new JsonObject() });
        return spec;
    }

    /// <summary>The engine's client image running a generated script; <paramref name="terminationLog"/> redirects its
    /// result to the hand-over file when it is an init container.</summary>
    private static JsonObject Database(DumpWorkload w, string[] command, bool readOnlyData, string? terminationLog)
    {
        var env = DatabaseEnv(w);
        if (terminationLog is not null)
            env.Add(Literal("TERMINATION_LOG", terminationLog));
        return Container(w.Engine == DatabaseEngine.PostgreSql ? "pg" : "mysql", w.Image, command, env, w, readOnlyData);
    }

    /// <summary>The AWS CLI: keys from the Secret, HOME on the writable /tmp (the CLI keeps a cache there), no
    /// instance-metadata lookups (the credentials are given; probing would only add seconds per call).</summary>
    private static JsonObject Aws(DumpWorkload w, DumpStorage.S3 s3, string name, string script, bool readOnlyData,
        string[]? wrapper = null, string? terminationLog = null)
    {
        var env = new JsonArray(
            FromSecret("AWS_ACCESS_KEY_ID", s3.CredentialsSecret, s3.AccessKeyIdKey),
            FromSecret("AWS_SECRET_ACCESS_KEY", s3.CredentialsSecret, s3.SecretAccessKeyKey),
            Literal("AWS_DEFAULT_REGION", s3.Region ?? "us-east-1"),
            Literal("AWS_EC2_METADATA_DISABLED", "true"),
            Literal("HOME", "/tmp"),
            Literal("TMPDIR", "/tmp"));
        if (terminationLog is not null)
            env.Add(Literal("TERMINATION_LOG", terminationLog));
        string[] command = wrapper is null ? ["/bin/sh", "-c", script] : [.. wrapper, script];
        return Container(name, s3.Image, command, env, w, readOnlyData);
    }

    private static JsonObject Container(string name, string image, string[] command, JsonArray env, DumpWorkload w, bool readOnlyData) => new()
    {
        ["name"] = name,
        ["image"] = image,
        ["imagePullPolicy"] = "IfNotPresent",
        ["command"] = new JsonArray([.. command.Select(c => (JsonNode)c)]),
        ["env"] = env,
        ["resources"] = Resources(w.Resources),
        ["volumeMounts"] = new JsonArray(
            new JsonObject { ["name"] = DataVolume, ["mountPath"] = w.MountPath, ["readOnly"] = readOnlyData },
            new JsonObject { ["name"] = TmpVolume, ["mountPath"] = "/tmp" }),
        ["terminationMessagePath"] = "/dev/termination-log",
        ["terminationMessagePolicy"] = "File",
        ["securityContext"] = new JsonObject
        {
            ["allowPrivilegeEscalation"] = false,
            ["privileged"] = false,
            // The scripts write only to the artifacts' volume and to $TMPDIR (/tmp, an emptyDir).
            ["readOnlyRootFilesystem"] = true,
            ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
        },
    };

    /// <summary>The scripts' contract: libpq's PG* variables, or the MySQL client's MYSQL_* (MYSQL_PWD is read by the client itself).</summary>
    private static JsonArray DatabaseEnv(DumpWorkload w)
    {
        var pg = w.Engine == DatabaseEngine.PostgreSql;
        var env = new JsonArray(
            Literal(pg ? "PGHOST" : "MYSQL_HOST", w.Host),
            Literal(pg ? "PGPORT" : "MYSQL_TCP_PORT", w.Port.ToString(CultureInfo.InvariantCulture)),
            string.IsNullOrWhiteSpace(w.Credentials.UsernameKey)
                ? Literal(pg ? "PGUSER" : "MYSQL_USER", w.Credentials.FixedUser!)
                : FromSecret(pg ? "PGUSER" : "MYSQL_USER", w.Credentials.SecretName, w.Credentials.UsernameKey),
            FromSecret(pg ? "PGPASSWORD" : "MYSQL_PWD", w.Credentials.SecretName, w.Credentials.PasswordKey),
            Literal("TMPDIR", "/tmp"));
        foreach (var (name, value) in w.ExtraEnv.OrderBy(e => e.Key, StringComparer.Ordinal))
            env.Add(Literal(name, value));
        return env;
    }

    private static JsonObject Literal(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static JsonObject FromSecret(string name, string secret, string key) => new()
    {
        ["name"] = name,
        ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = secret, ["key"] = key } },
    };

    private static JsonObject Resources(ContainerResources r)
    {
        var requests = new JsonObject { ["cpu"] = r.CpuRequest, ["memory"] = r.MemoryRequest };
        var limits = new JsonObject();
        if (!string.IsNullOrWhiteSpace(r.CpuLimit))
            limits["cpu"] = r.CpuLimit;
        if (!string.IsNullOrWhiteSpace(r.MemoryLimit))
            limits["memory"] = r.MemoryLimit;
        var result = new JsonObject { ["requests"] = requests };
        if (limits.Count > 0)
            result["limits"] = limits;
        return result;
    }
}
