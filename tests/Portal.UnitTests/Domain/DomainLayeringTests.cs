using Portal.Domain.Moves;

namespace Portal.UnitTests.Domain;

/// <summary>The domain is the bottom layer: it references nothing but the framework (no YamlDotNet pulled in through
/// the move library, no other project), and the move library builds on its words, not the other way round.</summary>
public class DomainLayeringTests
{
    [Fact]
    public void Domain_ReferencesOnlyTheFramework()
    {
        var domain = typeof(MigrationPlaybook).Assembly;

        var foreign = domain.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(n => !(n.StartsWith("System", StringComparison.Ordinal) || n.StartsWith("Microsoft.", StringComparison.Ordinal)
                          || n is "netstandard" or "mscorlib"))
            .ToList();

        Assert.True(foreign.Count == 0, "Portal.Domain must not depend on: " + string.Join(", ", foreign));
    }

    [Fact]
    public void SharedMoveWords_LiveInTheDomainNamespace()
    {
        var shared = new[] { typeof(MigrationPlaybook), typeof(MigrationMappings), typeof(PreflightFinding), typeof(ObjectKey) };

        Assert.All(shared, t =>
        {
            Assert.Equal("Portal.Domain", t.Assembly.GetName().Name);
            Assert.Equal("Portal.Domain.Moves", t.Namespace);
        });
    }
}
