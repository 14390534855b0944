using System.Text;
using System.Text.Json.Nodes;
using Portal.Domain.Common;

namespace Portal.Moves.Transfer;

/// <summary>What one rsync copy of a claim runs on, in the shape of Crane's transfer-pvc.</summary>
/// <param name="Labels">Put on every object (the move's owner label and managed-by).</param>
/// <param name="Image">The rsync and stunnel image (Crane's transfer image).</param>
/// <param name="TlsServerName">The name in the receiver's certificate, which the sender checks.</param>
public sealed record RsyncTransfer(IReadOnlyDictionary<string, string> Labels, string Image, string TlsServerName);

/// <summary>The TLS of one copy: the authority made for it, and the receiver's certificate and key (PEM).</summary>
public sealed record RsyncTls(string CaCertificatePem, string ServerCertificatePem, string ServerKeyPem);

/// <summary>
/// The objects of an rsync claim copy: on the target an rsync daemon Job mounting the new claim, behind stunnel and a
/// LoadBalancer Service; on the source a client Job mounting the old claim that sends everything through its own
/// stunnel, then a marker that ends the daemon; a Secret on each side with the rsync password and the TLS material.
/// </summary>
public static class RsyncTransferObjects
{
    /// <summary>The file the sender writes last; the receiver ends when it appears.</summary>
    public const string Marker = ".portal-transfer-complete";
    /// <summary>Selects the receiver's pod for its Service.</summary>
    public static string RsyncLabel => PortalLabels.Rsync;

    /// <summary>The copy's Secret: the rsync password and the authority's certificate on both sides; the server's
    /// certificate and key only on the receiver's side.</summary>
    public static JsonObject Secret(RsyncTransfer t, string @namespace, string name, string password, RsyncTls tls, bool receiver)
    {
        static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        var data = new JsonObject { ["password"] = B64(password), ["ca.crt"] = B64(tls.CaCertificatePem) };
        if (receiver)
        {
            data["rsyncd.secrets"] = B64($"portal:{password}\n");
            data["tls.crt"] = B64(tls.ServerCertificatePem);
            data["tls.key"] = B64(tls.ServerKeyPem);
        }
        return new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = Meta(t, @namespace, name), ["type"] = "Opaque", ["data"] = data,
        };
    }

    /// <summary>The receiver's LoadBalancer Service (port 873, stunnel); only <paramref name="sourceRanges"/> may reach it when given.</summary>
    public static JsonObject ReceiverService(RsyncTransfer t, string @namespace, string receiver, IReadOnlyList<string> sourceRanges)
    {
        var spec = new JsonObject
        {
            ["type"] = "LoadBalancer",
            ["selector"] = new JsonObject { [RsyncLabel] = receiver },
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "rsync", ["port"] = 873, ["targetPort"] = 873, ["protocol"] = "TCP" }),
        };
        if (sourceRanges.Count > 0) spec["loadBalancerSourceRanges"] = new JsonArray(sourceRanges.Select(r => (JsonNode)r).ToArray());
        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Service", ["metadata"] = Meta(t, @namespace, receiver), ["spec"] = spec };
    }

    public static JsonObject ReceiverJob(RsyncTransfer t, string @namespace, string name, string secret, string claim)
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
        return Job(t, @namespace, name, claim, secret, script, readOnly: false, ports: true);
    }

    public static JsonObject SenderJob(RsyncTransfer t, string @namespace, string name, string secret, string claim, string address)
    {
        var script = string.Join('\n',
            "set -e",
            "export RSYNC_PASSWORD=\"$(cat /credentials/password)\"",
            // stunnel in client mode: trusts only this copy's authority and checks the receiver's name.
            $"printf 'foreground = yes\\npid =\\n[rsync]\\nclient = yes\\naccept = 127.0.0.1:8873\\nconnect = {address}:873\\nCAfile = /credentials/ca.crt\\nverifyChain = yes\\ncheckHost = {t.TlsServerName}\\nsni = {t.TlsServerName}\\n' > /tmp/stunnel.conf",
            "stunnel /tmp/stunnel.conf &",
            "sleep 1",
            $"rsync -aHAX --numeric-ids --delete --exclude {Marker} /data/ rsync://portal@127.0.0.1:8873/data/",
            $"touch /tmp/{Marker}",
            $"rsync /tmp/{Marker} rsync://portal@127.0.0.1:8873/data/{Marker}",
            "kill %1 || true");
        return Job(t, @namespace, name, claim, secret, script, readOnly: true, ports: false);
    }

    private static JsonObject Job(RsyncTransfer t, string @namespace, string name, string claim, string secret, string script, bool readOnly, bool ports)
    {
        var container = new JsonObject
        {
            ["name"] = "rsync", ["image"] = t.Image, ["command"] = new JsonArray("/bin/sh", "-c", script),
            ["volumeMounts"] = new JsonArray(
                new JsonObject { ["name"] = "data", ["mountPath"] = "/data", ["readOnly"] = readOnly },
                new JsonObject { ["name"] = "credentials", ["mountPath"] = "/credentials", ["readOnly"] = true }),
        };
        if (ports) container["ports"] = new JsonArray(new JsonObject { ["name"] = "rsync", ["containerPort"] = 873 });
        var volumes = new JsonArray(
            new JsonObject { ["name"] = "data", ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claim, ["readOnly"] = readOnly } },
            new JsonObject { ["name"] = "credentials", ["secret"] = new JsonObject { ["secretName"] = secret } });
        var podSpec = new JsonObject { ["restartPolicy"] = "Never", ["containers"] = new JsonArray(container), ["volumes"] = volumes };
        var template = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { [RsyncLabel] = name } }, ["spec"] = podSpec };
        var spec = new JsonObject { ["backoffLimit"] = 2, ["ttlSecondsAfterFinished"] = 86400, ["template"] = template };
        return new JsonObject { ["apiVersion"] = "batch/v1", ["kind"] = "Job", ["metadata"] = Meta(t, @namespace, name), ["spec"] = spec };
    }

    private static JsonObject Meta(RsyncTransfer t, string @namespace, string name)
    {
        var labels = new JsonObject();
        foreach (var (k, v) in t.Labels) labels[k] = v;
        return new JsonObject { ["name"] = name, ["labels"] = labels, ["namespace"] = @namespace };
    }
}
