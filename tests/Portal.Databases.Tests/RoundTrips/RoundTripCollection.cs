namespace Portal.Databases.Tests.RoundTrips;

/// <summary>Round trips run one at a time: a 2-core machine shared with other work.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RoundTripCollection
{
    public const string Name = "real database servers";
}
