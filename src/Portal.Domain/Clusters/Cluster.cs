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

    /// <summary>The kubeconfig turns TLS verification off (<c>insecure-skip-tls-verify</c>): the portal cannot tell the
    /// real API server from an impostor, and says so wherever the cluster is shown.</summary>
    public bool InsecureSkipTlsVerify { get; private set; }

    /// <summary>A platform engineer explicitly allowed a plain <c>http://</c> API server (credentials travel in clear).
    /// Off unless asked for at registration or rotation; audited when set.</summary>
    public bool AllowInsecureHttp { get; private set; }

    /// <summary>When the cluster was retired; a retired cluster keeps its history but has no credential and runs nothing.</summary>
    public DateTimeOffset? RetiredAt { get; private set; }
    public string? RetiredBy { get; private set; }
    public bool IsRetired => RetiredAt is not null;

    public void SetTransportSecurity(bool insecureSkipTlsVerify, bool allowInsecureHttp)
    {
        InsecureSkipTlsVerify = insecureSkipTlsVerify;
        AllowInsecureHttp = allowInsecureHttp;
    }

    public void ReplaceCredentials(string apiServerUrl, string encryptedKubeconfig, ClusterAuthKind authKind)
    {
        if (IsRetired) throw new DomainException($"Cluster {Name} is retired; its credentials cannot be replaced.");
        ApiServerUrl = apiServerUrl;
        EncryptedKubeconfig = encryptedKubeconfig;
        AuthKind = authKind;
        Health = ClusterHealth.Unknown;
        HealthMessage = null;
    }

    /// <summary>Retires the cluster: the credential is discarded at once (nothing can reach the cluster through the
    /// portal any more) and the record stays for the history of the requests that ran on it.</summary>
    public void Retire(string byName, DateTimeOffset at)
    {
        if (IsRetired) throw new DomainException($"Cluster {Name} is already retired.");
        RetiredAt = at;
        RetiredBy = byName;
        EncryptedKubeconfig = "";
        Health = ClusterHealth.Unknown;
        HealthMessage = $"Retired by {byName}.";
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
