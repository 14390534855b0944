using Portal.ClusterSimulator.Hosting;

namespace Portal.ClusterSimulator.Snapshots;

/// <summary>Plays the group snapshot part of external-snapshotter (when the cluster serves groupsnapshot.storage.k8s.io).</summary>
internal sealed class GroupSnapshotController(SimulatorContext sim)
{
    public void Step()
    {
        _ = sim;
    }
}
