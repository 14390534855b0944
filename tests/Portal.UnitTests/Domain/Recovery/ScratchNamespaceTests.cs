using Portal.Domain.Common;
using Portal.Domain.Recovery;

namespace Portal.UnitTests.Domain.Recovery;

public class ScratchNamespaceTests
{
    private static readonly Guid Id = Guid.Parse("0193a000-0000-7000-8000-00000abc1234");

    [Fact]
    public void For_ShortNamespace_AppendsDrillAndShortId()
    {
        Assert.Equal("shop-frontend-drill-0abc1234", ScratchNamespace.For("shop-frontend", Id));
    }

    [Theory]
    [InlineData(63)]
    [InlineData(50)]
    [InlineData(49)]
    [InlineData(48)]
    public void For_LongNamespace_CutsTheNamespaceNeverTheSuffix(int length)
    {
        var ns = new string('a', length);
        var name = ScratchNamespace.For(ns, Id);
        Assert.True(name.Length <= 63, name);
        Assert.EndsWith("-drill-0abc1234", name);
        Assert.True(KubernetesName.IsValidLabel(name), name);
    }

    [Fact]
    public void For_CutEndingInDash_DropsTheDash()
    {
        // The cut falls right after a '-': "...-" + "-drill-" would not be a valid label.
        var ns = new string('a', 48) + "-bbbbbbbbbb";
        var name = ScratchNamespace.For(ns, Id);
        Assert.Equal(new string('a', 48) + "-drill-0abc1234", name);
        Assert.True(KubernetesName.IsValidLabel(name));
    }

    [Fact]
    public void For_TwoDrillsOfOneLongNamespace_GetDifferentNames()
    {
        var ns = new string('x', 63);
        Assert.NotEqual(ScratchNamespace.For(ns, Guid.CreateVersion7()), ScratchNamespace.For(ns, Guid.CreateVersion7()));
    }

    [Theory]
    [InlineData("shop-drill-0abc1234", true)]
    [InlineData("shop-drill-0ABC1234", false)]
    [InlineData("shop-drill-", false)]
    [InlineData("drill-0abc1234", false)]
    [InlineData("shop-frontend", false)]
    public void LooksLikeScratch_KnowsTheShape(string name, bool expected) => Assert.Equal(expected, ScratchNamespace.LooksLikeScratch(name));
}
