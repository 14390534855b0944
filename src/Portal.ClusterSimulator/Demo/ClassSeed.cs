using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Hosting;

namespace Portal.ClusterSimulator.Demo;

/// <summary>
/// Creates the cluster's StorageClasses, IngressClasses and VolumeSnapshotClasses: the ones
/// <see cref="SimulatorOptions"/> lists (demo data or not), else the demo site's when demo data is seeded.
/// A class whose API the cluster does not serve is left out.
/// </summary>
internal static class ClassSeed
{
    public static void Seed(SimulatorContext sim)
    {
        var options = sim.Options;
        var site = DemoSites.Of(options);
        var demo = options.SeedDemoData;
        if (sim.Definition("storage.k8s.io/v1", "StorageClass") is not null)
        {
            foreach (var c in options.StorageClasses ?? (demo ? DemoSites.StorageClasses(site) : []))
                DemoSeed.Add(sim.Store, DemoObjects.StorageClass(c.Name, c.Provisioner, c.IsDefault, c.Parameters ?? new Dictionary<string, string>()));
        }
        if (sim.Definition("networking.k8s.io/v1", "IngressClass") is not null)
        {
            foreach (var c in options.IngressClasses ?? (demo ? DemoSites.IngressClasses(site) : []))
                DemoSeed.Add(sim.Store, IngressClass(c));
        }
        if (sim.Definition("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass") is not null)
        {
            foreach (var c in options.VolumeSnapshotClasses ?? (demo ? DemoSites.SnapshotClasses() : []))
                DemoSeed.Add(sim.Store, SnapshotClass(c));
        }
        var groupClasses = sim.Definition(Snapshots.GroupSnapshotController.GroupApiVersion, "VolumeGroupSnapshotClass")
            ?? sim.Definition(Resources.ServedApis.GroupSnapshotGroup + "/v1beta2", "VolumeGroupSnapshotClass");
        if (groupClasses is not null)
        {
            foreach (var c in options.VolumeGroupSnapshotClasses ?? (demo ? DemoSites.GroupSnapshotClasses() : []))
                DemoSeed.Add(sim.Store, GroupSnapshotClass(c, groupClasses.ApiVersion));
        }
    }

    private static JsonObject GroupSnapshotClass(SimulatedGroupSnapshotClass c, string apiVersion)
    {
        var meta = new JsonObject { ["name"] = c.Name };
        if (c.IsDefault) meta["annotations"] = new JsonObject { [Snapshots.SnapshotObjects.DefaultGroupClassAnnotation] = "true" };
        return new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = "VolumeGroupSnapshotClass",
            ["metadata"] = meta,
            ["driver"] = c.Driver,
            ["deletionPolicy"] = c.DeletionPolicy,
        };
    }

    private static JsonObject IngressClass(SimulatedIngressClass c)
    {
        var meta = new JsonObject { ["name"] = c.Name };
        if (c.IsDefault) meta["annotations"] = new JsonObject { ["ingressclass.kubernetes.io/is-default-class"] = "true" };
        return new JsonObject
        {
            ["apiVersion"] = "networking.k8s.io/v1",
            ["kind"] = "IngressClass",
            ["metadata"] = meta,
            ["spec"] = new JsonObject { ["controller"] = c.Controller },
        };
    }

    private static JsonObject SnapshotClass(SimulatedSnapshotClass c)
    {
        var meta = new JsonObject { ["name"] = c.Name };
        if (c.ForVelero) meta["labels"] = new JsonObject { ["velero.io/csi-volumesnapshot-class"] = "true" };
        if (c.IsDefault) meta["annotations"] = new JsonObject { [Snapshots.SnapshotObjects.DefaultClassAnnotation] = "true" };
        return new JsonObject
        {
            ["apiVersion"] = "snapshot.storage.k8s.io/v1",
            ["kind"] = "VolumeSnapshotClass",
            ["metadata"] = meta,
            ["driver"] = c.Driver,
            ["deletionPolicy"] = c.DeletionPolicy,
        };
    }
}
