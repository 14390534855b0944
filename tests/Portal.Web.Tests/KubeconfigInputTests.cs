using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Portal.Application.Common;
using Portal.Web.Components.Pages.Clusters;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

/// <summary>A kubeconfig larger than a pasted box may hold arrives whole through the upload, is never put back into
/// the box, and the box says its limit.</summary>
public sealed class KubeconfigInputTests : PortalTestContext
{
    private static string Kubeconfig(int size)
    {
        const string head = "apiVersion: v1\nkind: Config\nusers:\n- name: portal\n  user:\n    token: ";
        return head + new string('a', size - head.Length);
    }

    [Fact]
    public void Upload_KubeconfigOf400KB_ArrivesWholeAndIsNotPutBackIntoTheBox()
    {
        string? value = null;
        var text = Kubeconfig(400 * 1024);
        var cut = Render<KubeconfigInput>(p => p.Add(x => x.ValueChanged, v => value = v));
        Assert.Equal(InputLimits.KubeconfigPasted.ToString(), cut.Find("textarea[data-testid=kubeconfig]").GetAttribute("maxlength"));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(text, "big.kubeconfig"));

        cut.WaitForAssertion(() => Assert.Equal(text, value));
        cut.Render(p => p.Add(x => x.Value, value));
        Assert.Contains("big.kubeconfig", cut.Find("[data-testid=kubeconfig-uploaded]").TextContent);
        Assert.Empty(cut.FindAll("textarea[data-testid=kubeconfig]"));
        Assert.DoesNotContain(new string('a', 1000), cut.Markup);
    }

    [Fact]
    public void Upload_LargerThanTheLimit_IsRefusedInWordsAndNothingIsRead()
    {
        string? value = "unchanged";
        var cut = Render<KubeconfigInput>(p => p.Add(x => x.ValueChanged, v => value = v));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(Kubeconfig(InputLimits.KubeconfigFileBytes + 1), "huge.yaml"));

        cut.WaitForAssertion(() => Assert.Contains("at most 512 KB is accepted", cut.Find("[data-testid=kubeconfig-upload-error]").TextContent));
        Assert.Equal("unchanged", value);
    }

    [Fact]
    public void Paste_ReachingTheLimit_SaysTheEndMayBeMissingAndPointsToUpload()
    {
        var cut = Render<KubeconfigInput>(p => p.Add(x => x.Value, Kubeconfig(InputLimits.KubeconfigPasted)));

        Assert.Contains("Upload the file instead", cut.Find("[data-testid=kubeconfig-paste-limit]").TextContent);
    }
}
