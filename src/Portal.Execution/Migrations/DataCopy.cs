using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Migrations;

namespace Portal.Execution.Migrations;

/// <summary>
/// Copies claims from the source to the target with rsync, as Crane's transfer-pvc does: on the target an rsync
/// daemon Job mounting the new claim (credentials from a generated Secret) behind stunnel and a LoadBalancer Service;
/// on the source a client Job mounting the old claim that sends everything through its own stunnel (TLS with a
/// certificate authority made for this copy, <see cref="TransferTls"/>), then a marker that ends the daemon. Each
/// object has a deterministic name and is looked up before it is created, so a second run continues the copy.
/// </summary>
internal sealed class DataCopy(IMigrationClusterGateway kube, IOptions<MigrationOptions> options)
{
    private const string Marker = ".portal-transfer-complete";
    private static string RsyncLabel => PortalLabels.Rsync;
    private readonly MigrationOptions _o = options.Value;

    public async Task<string> CopyClaimsAsync(MigrationRun m, IReadOnlyList<string> claims, CancellationToken ct)
    {
        var i = 0;
        foreach (var claim in claims)
        {
            i++;
            await m.SaveAsync((a, now) => a.ReportStep(MigrationStep.MoveData, $"Copying claim {claim} ({i} of {claims.Count}) with rsync", now), null, null, ct);
            await CopyAsync(m, claim, ct);
        }
        return $"{claims.Count} claim(s) copied with rsync from {m.SourceCluster.Name} to {m.TargetCluster.Name}: {string.Join(", ", claims)}.";
    }

    private static string Short(MigrationRun m, string claim) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{m.App.Id}/{claim}")))[..10];

    private async Task CopyAsync(MigrationRun m, string claim, CancellationToken ct)
    {
        var id = Short(m, claim);
        var secretName = $"portal-rsync-{id}";
        var receiver = $"portal-rsync-recv-{id}";
        var sender = $"portal-rsync-send-{id}";
        var srcNs = m.App.SourceNamespace;
        var tgtNs = m.App.TargetNamespace;
        if (!m.State.CopiedClaims.Contains(claim)) await TransferAsync(m, claim, secretName, receiver, sender, ct);

        // The copy is done: nothing of it should stay reachable (a second run after a crash ends the cleanup).
        await m.OnTarget(c => kube.DeleteAsync(c, "v1", "Service", tgtNs, receiver, ct));
        await m.OnTarget(c => kube.DeleteAsync(c, "v1", "Secret", tgtNs, secretName, ct));
        await m.OnTarget(c => kube.DeleteAsync(c, "batch/v1", "Job", tgtNs, receiver, ct));
        foreach (var r in new ObjectReference[] { new("v1", "Secret", srcNs, secretName), new("batch/v1", "Job", srcNs, sender) })
        {
            await m.OnSource(c => kube.DeleteAsync(c, r.ApiVersion, r.Kind, r.Namespace, r.Name, ct));
            if (m.State.CreatedOnSource.Contains(r))
                await m.SaveStateAsync(s => s with { CreatedOnSource = s.CreatedOnSource.Where(x => x != r).ToList() }, ct);
        }
    }

    private async Task TransferAsync(MigrationRun m, string claim, string secretName, string receiver, string sender, CancellationToken ct)
    {
        var srcNs = m.App.SourceNamespace;
        var tgtNs = m.App.TargetNamespace;

        // Credentials and TLS: made once, kept in the target's Secret; a second run reads them back.
        var existing = await m.OnTarget(c => kube.GetAsync(c, "v1", "Secret", tgtNs, secretName, ct));
        var password = Text(existing, "password") ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var tls = Text(existing, "ca.crt") is { } ca && Text(existing, "tls.crt") is { } crt && Text(existing, "tls.key") is { } key
            ? new TransferTls.Material(ca, crt, key)
            : TransferTls.Create(m.Run.Now);
        await EnsureAsync(m, m.Target, Secret(m, secretName, password, tls, receiver: true).With("namespace", tgtNs), onTarget: true, ct);
        await EnsureAsync(m, m.Target, ReceiverJob(m, receiver, secretName, claim).With("namespace", tgtNs), onTarget: true, ct);
        var service = KubeJson.Obj(("apiVersion", "v1"), ("kind", "Service"),
            ("metadata", Meta(m, receiver)),
            ("spec", KubeJson.Obj(("type", "LoadBalancer"), ("selector", KubeJson.Obj((RsyncLabel, receiver))),
                ("ports", new JsonArray(KubeJson.Obj(("name", "rsync"), ("port", 873), ("targetPort", 873), ("protocol", "TCP")))))));
        if (_o.TransferSourceRanges.Length > 0)
            service["spec"]!["loadBalancerSourceRanges"] = new JsonArray(_o.TransferSourceRanges.Select(r => (JsonNode)r).ToArray());
        await EnsureAsync(m, m.Target, service.With("namespace", tgtNs), onTarget: true, ct);

        var address = await WaitAsync(m, async () =>
        {
            var svc = await m.OnTarget(c => kube.GetAsync(c, "v1", "Service", tgtNs, receiver, ct));
            var ingress = (svc.At("status.loadBalancer.ingress") as JsonArray)?.FirstOrDefault();
            return ingress.Str("ip") ?? ingress.Str("hostname");
        }, $"an address for the rsync Service {receiver} on {m.TargetCluster.Name} (does {m.TargetCluster.Name} provide LoadBalancers?)", TimeSpan.FromMinutes(10), ct,
            $"Claim {claim}: waiting for a LoadBalancer address on {m.TargetCluster.Name} for Service {tgtNs}/{receiver}");

        await EnsureAsync(m, m.Source, Secret(m, secretName, password, tls, receiver: false).With("namespace", srcNs), onTarget: false, ct);
        await EnsureAsync(m, m.Source, SenderJob(m, sender, secretName, claim, address).With("namespace", srcNs), onTarget: false, ct);

        await WaitForJobAsync(m, m.Source, srcNs, sender, claim, ct);
        await WaitForJobAsync(m, m.Target, tgtNs, receiver, claim, ct);
        await m.SaveStateAsync(s => s.CopiedClaims.Contains(claim) ? s : s with { CopiedClaims = [.. s.CopiedClaims, claim] }, ct);
    }

    /// <summary>Creates the object unless it is there, recorded first (<see cref="MigrationRunState.CreatedOnTarget"/> or
    /// <see cref="MigrationRunState.CreatedOnSource"/>) so a rollback removes it.</summary>
    private async Task EnsureAsync(MigrationRun m, ClusterConnection cluster, JsonObject obj, bool onTarget, CancellationToken ct)
    {
        var r = obj.Ref();
        if (await MigrationRun.On(cluster, () => kube.GetAsync(cluster, r.ApiVersion, r.Kind, r.Namespace, r.Name, ct)) is not null) return;
        if (onTarget && !m.State.CreatedOnTarget.Contains(r))
            await m.SaveStateAsync(s => s.CreatedOnTarget.Contains(r) ? s : s with { CreatedOnTarget = [.. s.CreatedOnTarget, r] }, ct);
        if (!onTarget && !m.State.CreatedOnSource.Contains(r))
            await m.SaveStateAsync(s => s.CreatedOnSource.Contains(r) ? s : s with { CreatedOnSource = [.. s.CreatedOnSource, r] }, ct);
        await MigrationRun.On(cluster, () => kube.ApplyAsync(cluster, obj, m.Owner, ct));
    }

    private async Task WaitForJobAsync(MigrationRun m, ClusterConnection cluster, string ns, string name, string claim, CancellationToken ct) =>
        await WaitAsync(m, async () =>
        {
            var job = await MigrationRun.On(cluster, () => kube.GetAsync(cluster, "batch/v1", "Job", ns, name, ct))
                ?? throw new StepFailedException($"The rsync Job {ns}/{name} on {cluster.ClusterName} disappeared before it finished copying claim {claim}.");
            if ((job.Int("status.succeeded") ?? 0) > 0) return "done";
            var failed = (job.At("status.conditions") as JsonArray)?.FirstOrDefault(c => c.Str("type") == "Failed" && c.Str("status") == "True");
            if (failed is not null)
                throw new StepFailedException($"Copying claim {claim} failed: the rsync Job {ns}/{name} on {cluster.ClusterName} says {failed.Str("message") ?? failed.Str("reason") ?? "it failed"}.");
            return null;
        }, $"the rsync Job {name} on {cluster.ClusterName}", _o.DataCopyTimeout, ct, $"Copying claim {claim}: waiting for the rsync Job {ns}/{name} on {cluster.ClusterName}");

    /// <param name="board">What the status board says while it waits (said once, when the wait begins).</param>
    private async Task<string> WaitAsync(MigrationRun m, Func<Task<string?>> check, string what, TimeSpan limit, CancellationToken ct, string? board = null)
    {
        var deadline = m.Run.Now + limit;
        var said = false;
        while (true)
        {
            if (await check() is { } result) return result;
            if (!said && board is not null)
            {
                await m.SaveAsync((a, now) => a.ReportStep(MigrationStep.MoveData, board, now), null, null, ct);
                said = true;
            }
            if (m.Run.Now > deadline) throw new StepFailedException($"Gave up waiting for {what} after {KubeJson.Words(limit)}.");
            await Task.Delay(_o.PollInterval, ct);
        }
    }

    private static JsonObject Meta(MigrationRun m, string name) =>
        KubeJson.Obj(("name", name), ("labels", KubeJson.Labels([m.Owner, new("app.kubernetes.io/managed-by", PortalLabels.ManagedByValue)])));

    private static string? Text(JsonObject? secret, string key) =>
        secret.Str($"data.{key}") is { } b64 ? Encoding.UTF8.GetString(Convert.FromBase64String(b64)) : null;

    /// <summary>The copy's Secret: the rsync password and the authority's certificate on both sides; the server's
    /// certificate and key only on the receiver's side.</summary>
    private static JsonObject Secret(MigrationRun m, string name, string password, TransferTls.Material tls, bool receiver)
    {
        static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        var data = KubeJson.Obj(("password", B64(password)), ("ca.crt", B64(tls.CaCertificatePem)));
        if (receiver)
        {
            data["rsyncd.secrets"] = B64($"portal:{password}\n");
            data["tls.crt"] = B64(tls.ServerCertificatePem);
            data["tls.key"] = B64(tls.ServerKeyPem);
        }
        return KubeJson.Obj(("apiVersion", "v1"), ("kind", "Secret"), ("metadata", Meta(m, name)), ("type", "Opaque"), ("data", data));
    }

    private JsonObject ReceiverJob(MigrationRun m, string name, string secret, string claim)
    {
        var script = string.Join('\n',
            "set -e",
            "cp /credentials/rsyncd.secrets /tmp/rsyncd.secrets && chmod 600 /tmp/rsyncd.secrets",
            "printf '[data]\\n  path = /data\\n  read only = false\\n  uid = 0\\n  gid = 0\\n  auth users = portal\\n  secrets file = /tmp/rsyncd.secrets\\n' > /tmp/rsyncd.conf",
            // rsync listens only inside the pod; the Service reaches stunnel, which speaks TLS with the receiver's certificate.
            "rsync --daemon --no-detach --address 127.0.0.1 --port 8873 --config /tmp/rsyncd.conf &",
            "printf 'foreground = yes\\npid =\\n[rsync]\\naccept = 873\\nconnect = 127.0.0.1:8873\\ncert = /credentials/tls.crt\\nkey = /credentials/tls.key\\n' > /tmp/stunnel.conf",
            "stunnel /tmp/stunnel.conf &",
            $"until [ -f /data/{Marker} ]; do sleep 2; done",
            $"rm -f /data/{Marker}",
            "kill %1 %2 || true");
        return Job(m, name, claim, secret, script, readOnly: false, ports: true);
    }

    private JsonObject SenderJob(MigrationRun m, string name, string secret, string claim, string address)
    {
        var script = string.Join('\n',
            "set -e",
            "export RSYNC_PASSWORD=\"$(cat /credentials/password)\"",
            // stunnel in client mode: trusts only this copy's authority and checks the receiver's name.
            $"printf 'foreground = yes\\npid =\\n[rsync]\\nclient = yes\\naccept = 127.0.0.1:8873\\nconnect = {address}:873\\nCAfile = /credentials/ca.crt\\nverifyChain = yes\\ncheckHost = {TransferTls.ServerName}\\nsni = {TransferTls.ServerName}\\n' > /tmp/stunnel.conf",
            "stunnel /tmp/stunnel.conf &",
            "sleep 1",
            $"rsync -aHAX --numeric-ids --delete --exclude {Marker} /data/ rsync://portal@127.0.0.1:8873/data/",
            $"touch /tmp/{Marker}",
            $"rsync /tmp/{Marker} rsync://portal@127.0.0.1:8873/data/{Marker}",
            "kill %1 || true");
        return Job(m, name, claim, secret, script, readOnly: true, ports: false);
    }

    private JsonObject Job(MigrationRun m, string name, string claim, string secret, string script, bool readOnly, bool ports)
    {
        var container = KubeJson.Obj(("name", "rsync"), ("image", _o.RsyncImage), ("command", new JsonArray("/bin/sh", "-c", script)),
            ("volumeMounts", new JsonArray(
                KubeJson.Obj(("name", "data"), ("mountPath", "/data"), ("readOnly", readOnly)),
                KubeJson.Obj(("name", "credentials"), ("mountPath", "/credentials"), ("readOnly", true)))));
        if (ports) container["ports"] = new JsonArray(KubeJson.Obj(("name", "rsync"), ("containerPort", 873)));
        var volumes = new JsonArray(
            KubeJson.Obj(("name", "data"), ("persistentVolumeClaim", KubeJson.Obj(("claimName", claim), ("readOnly", readOnly)))),
            KubeJson.Obj(("name", "credentials"), ("secret", KubeJson.Obj(("secretName", secret)))));
        var podSpec = KubeJson.Obj(("restartPolicy", "Never"), ("containers", new JsonArray(container)), ("volumes", volumes));
        var template = KubeJson.Obj(("metadata", KubeJson.Obj(("labels", KubeJson.Obj((RsyncLabel, name))))), ("spec", podSpec));
        var spec = KubeJson.Obj(("backoffLimit", 2), ("ttlSecondsAfterFinished", 86400), ("template", template));
        return KubeJson.Obj(("apiVersion", "batch/v1"), ("kind", "Job"), ("metadata", Meta(m, name)), ("spec", spec));
    }
}

internal static class JsonObjectWith
{
    /// <summary>Sets <c>metadata.&lt;key&gt;</c> and returns the object.</summary>
    public static JsonObject With(this JsonObject obj, string key, string value)
    {
        ((JsonObject)obj["metadata"]!)[key] = value;
        return obj;
    }
}
