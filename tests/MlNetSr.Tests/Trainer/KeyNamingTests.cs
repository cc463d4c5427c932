using MlNetSr.Trainer.Weights;
using Xunit;

namespace MlNetSr.Tests.Trainer;

/// <summary>BasicSR and DataParallel names map onto the official EDSR-PyTorch keys (SR_SPEC §1.2 table).</summary>
public class KeyNamingTests
{
    [Fact]
    public void BasicSrNamesFollowTheSpecTable()
    {
        string[] basicSr =
        [
            "conv_first.weight", "body.0.conv1.weight", "body.0.conv2.bias", "body.1.conv1.bias", "body.1.conv2.weight",
            "conv_after_body.weight", "upsample.0.weight", "upsample.2.bias", "conv_last.weight",
        ];
        var map = KeyNaming.ToOfficial(basicSr);

        Assert.Equal("head.0.weight", map["conv_first.weight"]);
        Assert.Equal("body.0.body.0.weight", map["body.0.conv1.weight"]);
        Assert.Equal("body.0.body.2.bias", map["body.0.conv2.bias"]);
        Assert.Equal("body.1.body.2.weight", map["body.1.conv2.weight"]);
        Assert.Equal("body.2.weight", map["conv_after_body.weight"]); // B = 2 blocks
        Assert.Equal("tail.0.0.weight", map["upsample.0.weight"]);
        Assert.Equal("tail.0.2.bias", map["upsample.2.bias"]);
        Assert.Equal("tail.1.weight", map["conv_last.weight"]);
    }

    [Fact]
    public void DataParallelPrefixIsDroppedAndOfficialNamesStay()
    {
        var map = KeyNaming.ToOfficial(["module.head.0.weight", "body.16.weight", "tail.0.2.bias"]);
        Assert.Equal("head.0.weight", map["module.head.0.weight"]);
        Assert.Equal("body.16.weight", map["body.16.weight"]);
        Assert.Equal("tail.0.2.bias", map["tail.0.2.bias"]);
    }
}
