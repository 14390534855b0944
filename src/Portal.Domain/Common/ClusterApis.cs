namespace Portal.Domain.Common;

/// <summary>The API groups and versions of the tools the portal drives on a cluster (beyond Kubernetes' built-in
/// ones), all in one place: a tool's new API version is changed here and nowhere else. The portal's own label keys are
/// in <see cref="PortalLabels"/>.</summary>
public static class ClusterApis
{
    public const string VeleroGroup = "velero.io";
    public const string VeleroVersion = "v1";
    public const string Velero = VeleroGroup + "/" + VeleroVersion;

    public const string CsiSnapshotGroup = "snapshot.storage.k8s.io";
    public const string CsiSnapshot = CsiSnapshotGroup + "/v1";

    /// <summary>CSI group snapshots (a VolumeGroupSnapshot: one consistent point across several claims), served only
    /// where the cluster's external-snapshotter enables them.</summary>
    public const string CsiGroupSnapshotGroup = "groupsnapshot.storage.k8s.io";
    public const string CsiGroupSnapshotVersion = "v1beta2";
    public const string CsiGroupSnapshot = CsiGroupSnapshotGroup + "/" + CsiGroupSnapshotVersion;

    public const string ArgoCdGroup = "argoproj.io";
    public const string ArgoCd = ArgoCdGroup + "/v1alpha1";

    public const string FluxKustomizeGroup = "kustomize.toolkit.fluxcd.io";
    public const string FluxKustomize = FluxKustomizeGroup + "/v1";
    public const string FluxHelmGroup = "helm.toolkit.fluxcd.io";
    public const string FluxHelm = FluxHelmGroup + "/v2";
    public const string FluxSourceGroup = "source.toolkit.fluxcd.io";
    public const string FluxSource = FluxSourceGroup + "/v1";

    public const string CloudNativePgGroup = "postgresql.cnpg.io";
    public const string CloudNativePg = CloudNativePgGroup + "/v1";
}
