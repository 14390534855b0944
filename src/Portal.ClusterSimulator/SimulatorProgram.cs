namespace Portal.ClusterSimulator;

public static class SimulatorProgram
{
    public static int Main(string[] args) => 0; // replaced by the simulator's host
}
