using System.Text;
using System.Text.Json.Nodes;
using Portal.Moves.Tests.Support;
using Portal.Moves.Transfer;

namespace Portal.Moves.Tests.Transfer;

/// <summary>The objects of an rsync claim copy: valid against the real Kubernetes schemas (strict), labelled, wired
/// together (the Service selects the receiver's pod, both Jobs mount the claim and the Secret), and the receiver's
/// certificate and key only on its own side.</summary>
public class RsyncTransferObjectsTests
{
    private static readonly RsyncTransfer T = new(new Dictionary<string, string>
    {
        ["kubernetes-portal.io/migration-application"] = "7d6c",
        ["app.kubernetes.io/managed-by"] = "kubernetes-portal",
    }, "quay.io/konveyor/rsync-transfer:latest", "portal-rsync-transfer");

    private static readonly RsyncTls Tls = new("CA PEM", "SERVER PEM", "KEY PEM");

    private static IEnumerable<JsonObject> All() =>
    [
        RsyncTransferObjects.Secret(T, "shop", "portal-rsync-1", "pw", Tls, receiver: true),
        RsyncTransferObjects.Secret(T, "shop", "portal-rsync-1", "pw", Tls, receiver: false),
        RsyncTransferObjects.ReceiverService(T, "shop", "portal-rsync-recv-1", ["198.51.100.0/24"]),
        RsyncTransferObjects.ReceiverJob(T, "shop", "portal-rsync-recv-1", "portal-rsync-1", "data"),
        RsyncTransferObjects.SenderJob(T, "shop", "portal-rsync-send-1", "portal-rsync-1", "data", "203.0.113.7"),
    ];

    [CrdsFact]
    public void EveryObject_IsValidAgainstTheRealSchemas_AndCarriesTheLabels()
    {
        foreach (var obj in All())
        {
            Assert.Empty(RealSchemas.Validate(obj));
            Assert.Equal("shop", obj["metadata"]!["namespace"]!.GetValue<string>());
            Assert.Equal("7d6c", obj["metadata"]!["labels"]!["kubernetes-portal.io/migration-application"]!.GetValue<string>());
            Assert.Equal("kubernetes-portal", obj["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Service_SelectsTheReceiversPod_OnlyFromTheGivenRanges()
    {
        var service = RsyncTransferObjects.ReceiverService(T, "shop", "portal-rsync-recv-1", ["198.51.100.0/24"]);
        var job = RsyncTransferObjects.ReceiverJob(T, "shop", "portal-rsync-recv-1", "portal-rsync-1", "data");

        Assert.Equal("LoadBalancer", service["spec"]!["type"]!.GetValue<string>());
        Assert.Equal("portal-rsync-recv-1", service["spec"]!["selector"]![RsyncTransferObjects.RsyncLabel]!.GetValue<string>());
        Assert.Equal("portal-rsync-recv-1", job["spec"]!["template"]!["metadata"]!["labels"]![RsyncTransferObjects.RsyncLabel]!.GetValue<string>());
        Assert.Equal(["198.51.100.0/24"], service["spec"]!["loadBalancerSourceRanges"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Null(RsyncTransferObjects.ReceiverService(T, "shop", "r", [])["spec"]!["loadBalancerSourceRanges"]);
    }

    [Fact]
    public void Jobs_MountTheClaim_ReceiverWritable_SenderReadOnly_SenderChecksTheReceiversName()
    {
        var receiver = RsyncTransferObjects.ReceiverJob(T, "shop", "portal-rsync-recv-1", "portal-rsync-1", "data");
        var sender = RsyncTransferObjects.SenderJob(T, "shop", "portal-rsync-send-1", "portal-rsync-1", "data", "203.0.113.7");

        static JsonNode Claim(JsonObject job) => job["spec"]!["template"]!["spec"]!["volumes"]![0]!["persistentVolumeClaim"]!;
        Assert.Equal(("data", false), (Claim(receiver)["claimName"]!.GetValue<string>(), Claim(receiver)["readOnly"]!.GetValue<bool>()));
        Assert.Equal(("data", true), (Claim(sender)["claimName"]!.GetValue<string>(), Claim(sender)["readOnly"]!.GetValue<bool>()));
        var script = sender["spec"]!["template"]!["spec"]!["containers"]![0]!["command"]![2]!.GetValue<string>();
        Assert.Contains("connect = 203.0.113.7:873", script);
        Assert.Contains("checkHost = portal-rsync-transfer", script);
        Assert.Contains($"rsync /tmp/{RsyncTransferObjects.Marker} rsync://portal@127.0.0.1:8873/data/{RsyncTransferObjects.Marker}", script);
    }

    [Fact]
    public void Secret_ServerKeyOnlyOnTheReceiversSide()
    {
        static string Decode(JsonObject secret, string key) => Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]![key]!.GetValue<string>()));
        var receiver = RsyncTransferObjects.Secret(T, "shop", "portal-rsync-1", "pw", Tls, receiver: true);
        var sender = RsyncTransferObjects.Secret(T, "shop", "portal-rsync-1", "pw", Tls, receiver: false);

        Assert.Equal(("pw", "CA PEM", "KEY PEM", "portal:pw\n"), (Decode(receiver, "password"), Decode(receiver, "ca.crt"), Decode(receiver, "tls.key"), Decode(receiver, "rsyncd.secrets")));
        Assert.Equal(["password", "ca.crt"], sender["data"]!.AsObject().Select(p => p.Key));
    }
}
