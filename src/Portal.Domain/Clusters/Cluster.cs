using Portal.Domain.Common;

namespace Portal.Domain.Clusters;

/// <summary>A Kubernetes cluster registered with the portal. Its kubeconfig is held only in
/// encrypted form; the domain never sees the plain credentials.</summary>
public sealed class Cluster : Entity
{
    private Cluster() { Name = ApiServerUrl = EncryptedKubeconfig = RegisteredBy = ""; }

    public Cluster(string name, string apiServerUrl, string encryptedKubeconfig, ClusterAuthKind authKind,
        string registeredBy, DateTimeOffset registeredAt)
    {
        if (KubernetesName.ExplainInvalidLabel(name, "cluster name") is { } why) throw new DomainException(why);
        Name = name;
        ApiServerUrl = apiServerUrl;
        EncryptedKubeconfig = encryptedKubeconfig;
        AuthKind = authKind;
        RegisteredBy = registeredBy;
        RegisteredAt = registeredAt;
    }

    public string Name { get; private set; }
    public string? Description { get; set; }
    public string ApiServerUrl { get; private set; }
    public string EncryptedKubeconfig { get; private set; }
    public ClusterAuthKind AuthKind { get; private set; }
    public string RegisteredBy { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }

    public ClusterHealth Health { get; private set; } = ClusterHealth.Unknown;
    public string? HealthMessage { get; private set; }
    public DateTimeOffset? HealthCheckedAt { get; private set; }
    public string? ServerVersion { get; private set; }

    /// <summary>What the last discovery found installed (Velero, CSI snapshots, GitOps, CNPG).</summary>
    public ClusterCapabilities Capabilities { get; private set; } = new();

    public void ReplaceCredentials(string apiServerUrl, string encryptedKubeconfig, ClusterAuthKind authKind)
    {
        ApiServerUrl = apiServerUrl;
        EncryptedKubeconfig = encryptedKubeconfig;
        AuthKind = authKind;
        Health = ClusterHealth.Unknown;
        HealthMessage = null;
    }

    public void RecordHealth(ClusterHealth health, string? message, string? serverVersion, DateTimeOffset at)
    {
        Health = health;
        HealthMessage = message;
        HealthCheckedAt = at;
        if (serverVersion is not null) ServerVersion = serverVersion;
    }

    public void RecordCapabilities(ClusterCapabilities capabilities) => Capabilities = capabilities;
}

public enum ClusterAuthKind { BearerToken, ClientCertificate }

public enum ClusterHealth { Unknown, Reachable, Unreachable, Unauthorized }
