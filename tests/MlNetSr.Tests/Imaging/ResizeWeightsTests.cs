using MlNetSr.Imaging;
using Xunit;

namespace MlNetSr.Tests.Imaging;

/// <summary>The tap weights of SR_SPEC §4.1, derived from MATLAB's imresize rules.</summary>
public class ResizeWeightsTests
{
    private static void AssertRow(ResizeWeights weights, int output, double[] expected, double tolerance = 5e-9)
    {
        var row = weights.RowWeights(output).ToArray();
        Assert.Equal(expected.Length, row.Length);
        for (int i = 0; i < expected.Length; i++) Assert.InRange(row[i], expected[i] - tolerance, expected[i] + tolerance);
    }

    [Fact]
    public void Down2_interior_row_has_the_eight_antialiased_taps()
    {
        var w = ResizeWeights.Compute(40, 20, ScaleFactor.Down(2));
        Assert.Equal(8, w.TapCount);
        AssertRow(w, 10, [-0.01171875, -0.03515625, 0.11328125, 0.43359375, 0.43359375, 0.11328125, -0.03515625, -0.01171875]);
    }

    [Fact]
    public void Down3_drops_the_tap_columns_that_are_zero_everywhere()
    {
        var w = ResizeWeights.Compute(60, 20, ScaleFactor.Down(3));
        // 14 candidate taps; offsets +-3 (and the spare edge candidates) are exactly zero for every row.
        Assert.Equal(11 - 2, w.TapCount);
        AssertRow(w, 10, [-0.01234568, -0.02469136, 0.11111111, 0.25925926, 0.33333333, 0.25925926, 0.11111111, -0.02469136, -0.01234568], 5e-9);
    }

    [Fact]
    public void Down4_interior_row_has_sixteen_symmetric_taps()
    {
        var w = ResizeWeights.Compute(80, 20, ScaleFactor.Down(4));
        Assert.Equal(16, w.TapCount);
        double[] half = [-0.00170898, -0.01098633, -0.01831055, -0.01196289, 0.02270508, 0.09741211, 0.18188477, 0.24096680];
        AssertRow(w, 10, [.. half, .. half.Reverse()], 5e-9);
    }

    [Fact]
    public void Up2_has_two_phases_of_four_taps()
    {
        var w = ResizeWeights.Compute(20, 40, ScaleFactor.Up(2));
        Assert.Equal(4, w.TapCount);
        double[] phase = [-0.0234375, 0.2265625, 0.8671875, -0.0703125];
        AssertRow(w, 10, phase);
        AssertRow(w, 11, [.. phase.Reverse()]);
    }

    [Fact]
    public void Up3_has_a_copy_phase_between_two_mirrored_phases()
    {
        var w = ResizeWeights.Compute(20, 60, ScaleFactor.Up(3));
        var row9 = w.RowWeights(9).ToArray();
        double[] phase = [-0.03703704, 0.33333333, 0.77777778, -0.07407407];
        // Rows have 5 taps because 6 candidates minus the all-zero column; locate the non-zero window.
        Assert.Equal(1.0, w.RowWeights(10).ToArray().Max(), 12);
        Assert.Equal(1.0, w.RowWeights(10).ToArray().Sum(), 12);
        AssertContains(row9, phase);
        AssertContains(w.RowWeights(11).ToArray(), [.. phase.Reverse()]);
    }

    [Fact]
    public void Up4_has_four_phases()
    {
        var w = ResizeWeights.Compute(20, 80, ScaleFactor.Up(4));
        double[] a = [-0.04394531, 0.38964844, 0.72753906, -0.07324219];
        double[] b = [-0.00683594, 0.09082031, 0.96386719, -0.04785156];
        AssertContains(w.RowWeights(20).ToArray(), a);
        AssertContains(w.RowWeights(21).ToArray(), b);
        AssertContains(w.RowWeights(22).ToArray(), [.. b.Reverse()]);
        AssertContains(w.RowWeights(23).ToArray(), [.. a.Reverse()]);
    }

    [Fact]
    public void First_output_of_down2_reads_the_symmetric_mirror()
    {
        var w = ResizeWeights.Compute(20, 10, ScaleFactor.Down(2));
        // Raw taps -3..6 (1-based) map to 4,3,2,1,1,2,3,4,5,6; the two spare candidates are dropped as all-zero.
        int[] expectedOneBased = [3, 2, 1, 1, 2, 3, 4, 5];
        Assert.Equal(expectedOneBased.Select(i => i - 1), w.RowIndices(0).ToArray());
    }

    [Theory]
    [InlineData(0, 5, 0)]
    [InlineData(-1, 5, 1)]
    [InlineData(-3, 5, 3)]
    [InlineData(6, 5, 4)]
    [InlineData(7, 5, 3)]
    [InlineData(11, 5, 0)]
    public void Mirror_repeats_the_edge_pixel(int oneBased, int length, int expectedZeroBased) =>
        Assert.Equal(expectedZeroBased, ResizeWeights.Mirror(oneBased, length));

    [Theory]
    [InlineData(255, 3, 85)]
    [InlineData(256, 3, 86)]
    [InlineData(5, 2, 3)]
    [InlineData(100, 4, 25)]
    public void Downscaled_length_is_matlab_ceiling(int input, int factor, int expected) =>
        Assert.Equal(expected, ScaleFactor.Down(factor).OutputLength(input));

    [Fact]
    public void Every_row_sums_to_one_for_a_fractional_scale()
    {
        foreach (var factor in new[] { ScaleFactor.Of(0.7), ScaleFactor.Of(1.5), ScaleFactor.Of(0.35) })
        {
            int output = factor.OutputLength(37);
            var w = ResizeWeights.Compute(37, output, factor);
            for (int o = 0; o < output; o++) Assert.Equal(1.0, w.RowWeights(o).ToArray().Sum(), 12);
            Assert.All(w.Indices, i => Assert.InRange(i, 0, 36));
        }
    }

    private static void AssertContains(double[] row, double[] window)
    {
        var nonZero = row.Where(v => Math.Abs(v) > 1e-12).ToArray();
        Assert.Equal(window.Length, nonZero.Length);
        for (int i = 0; i < window.Length; i++) Assert.InRange(nonZero[i], window[i] - 5e-9, window[i] + 5e-9);
    }
}
