using MlNetSr.Imaging;

namespace MlNetSr.Tests.Inference;

/// <summary>The PyTorch-exported models of Fixtures/onnx (make_onnx_fixtures.py) and test images.</summary>
public static class InferenceFixtures
{
    public static string Model(int scale) => TestData.Fixture($"onnx/edsr_b2f16_x{scale}.onnx");

    public static float[] ReadFloats(string name)
    {
        var bytes = File.ReadAllBytes(TestData.Fixture("onnx/" + name));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    /// <summary>A deterministic RGB image of odd size with texture at every frequency.</summary>
    public static ByteImage OddImage(int width = 41, int height = 37)
    {
        var image = new ByteImage(width, height, 3);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    image[c, y, x] = (byte)((x * x * 7 + y * 13 + c * 71 + x * y * 3) % 256);
        return image;
    }
}
