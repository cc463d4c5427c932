using MlNetSr.Evaluation;
using MlNetSr.Imaging;

namespace MlNetSr.Bench;

/// <summary>Benchmark inputs of any size made from a real photograph (the first B100 image), mirrored out to size.</summary>
public static class BenchmarkFrames
{
    public static ByteImage Mirrored(string dataFolder, int width, int height)
    {
        var source = ImageFile.Read(ImageFolder.List(Path.Combine(dataFolder, "benchmarks", "B100"))[0]).ToRgb();
        var frame = new ByteImage(width, height, 3);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    frame[c, y, x] = source[c, Reflect(y, source.Height), Reflect(x, source.Width)];
        return frame;
    }

    private static int Reflect(int i, int length)
    {
        int period = 2 * length, m = i % period;
        return m < length ? m : period - 1 - m;
    }
}
