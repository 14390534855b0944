namespace Portal.ClusterSimulator;

/// <summary>A StorageClass of the simulated cluster (<see cref="SimulatorOptions.StorageClasses"/>).</summary>
/// <param name="IsDefault">Annotated <c>storageclass.kubernetes.io/is-default-class: "true"</c>: claims without a class get it.</param>
/// <param name="Parameters">The class's <c>parameters</c> (e.g. <c>type: gp3</c>); null = none.</param>
public sealed record SimulatedStorageClass(string Name, string Provisioner, bool IsDefault = false, IReadOnlyDictionary<string, string>? Parameters = null);

/// <summary>An IngressClass of the simulated cluster (<see cref="SimulatorOptions.IngressClasses"/>).</summary>
/// <param name="Controller">e.g. <c>k8s.io/ingress-nginx</c>.</param>
/// <param name="IsDefault">Annotated <c>ingressclass.kubernetes.io/is-default-class: "true"</c>: Ingresses without a class get it.</param>
public sealed record SimulatedIngressClass(string Name, string Controller, bool IsDefault = false);

/// <summary>A VolumeSnapshotClass of the simulated cluster (<see cref="SimulatorOptions.VolumeSnapshotClasses"/>).</summary>
/// <param name="ForVelero">Labelled <c>velero.io/csi-volumesnapshot-class: "true"</c>, the class Velero picks for the driver.</param>
/// <param name="IsDefault">Annotated <c>snapshot.storage.kubernetes.io/is-default-class: "true"</c>: a VolumeSnapshot without a class
/// gets the default class of its claim's driver.</param>
public sealed record SimulatedSnapshotClass(string Name, string Driver, bool ForVelero = true, string DeletionPolicy = "Retain", bool IsDefault = false);

/// <summary>A VolumeGroupSnapshotClass (<see cref="SimulatorOptions.VolumeGroupSnapshotClasses"/>).</summary>
/// <param name="IsDefault">Annotated <c>groupsnapshot.storage.kubernetes.io/is-default-class: "true"</c>.</param>
public sealed record SimulatedGroupSnapshotClass(string Name, string Driver, string DeletionPolicy = "Delete", bool IsDefault = true);

/// <summary>Which cluster of the demo a simulator plays (<see cref="SimulatorOptions.DemoSite"/>).</summary>
public enum DemoSite
{
    /// <summary>The production cluster (prod-east): the demo namespaces plus the apps the migration demo moves.</summary>
    Primary,

    /// <summary>The disaster-recovery site (dr-west): the same base, other storage class names, Argo CD and Flux ready, and a
    /// read-only BackupStorageLocation on the primary's bucket.</summary>
    Recovery,
}
