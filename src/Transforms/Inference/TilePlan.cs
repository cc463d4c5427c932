namespace MlNetSr.Inference;

/// <summary>
/// One LR tile: the core it is responsible for and the region (core plus margin, clipped to the image) that is fed
/// to the network. Zero padding then happens only at true image borders, as in a whole-image forward, so with a
/// margin at least the receptive field the core's output equals the whole-image output.
/// </summary>
public readonly record struct Tile(int CoreX, int CoreY, int CoreWidth, int CoreHeight, int RegionX, int RegionY, int RegionWidth, int RegionHeight);

/// <summary>The memory budget cannot hold the forward pass of even the smallest tile.</summary>
public sealed class MemoryBudgetException(string message) : Exception(message);

/// <summary>
/// Cuts an LR image into tiles of at most tileWidth x tileHeight core pixels. Every region has the same size,
/// min(image, tile + 2 margin) per axis: edge regions are shifted inward instead of clipped, which keeps at
/// least the margin of context on every side (or the true border) and gives ONNX Runtime a single input shape,
/// so it plans and keeps one set of buffers instead of one per edge shape, and all tiles can be batched.
/// </summary>
public static class TilePlan
{
    /// <summary>Smallest tile core side the budget search considers (a smaller core is almost all margin).</summary>
    public const int MinimumTile = 8;

    /// <summary>Square tiles of <paramref name="tileSize"/> core pixels.</summary>
    /// <param name="width">image width</param>
    /// <param name="height">image height</param>
    /// <param name="tileSize">core side</param>
    /// <param name="margin">context per side</param>
    public static IReadOnlyList<Tile> For(int width, int height, int tileSize, int margin) => For(width, height, tileSize, tileSize, margin);

    /// <summary>Tiles of tileWidth x tileHeight core pixels, row by row.</summary>
    /// <param name="width">image width</param>
    /// <param name="height">image height</param>
    /// <param name="tileWidth">core width</param>
    /// <param name="tileHeight">core height</param>
    /// <param name="margin">context per side</param>
    public static IReadOnlyList<Tile> For(int width, int height, int tileWidth, int tileHeight, int margin)
    {
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), $"image {width}x{height} is empty");
        if (tileWidth < 1 || tileHeight < 1) throw new ArgumentOutOfRangeException(nameof(tileWidth), $"tile {tileWidth}x{tileHeight} must be positive");
        int regionWidth = (int)Math.Min(width, tileWidth + 2L * margin), regionHeight = (int)Math.Min(height, tileHeight + 2L * margin);
        var tiles = new List<Tile>();
        for (int y = 0; y < height; y += tileHeight)
            for (int x = 0; x < width; x += tileWidth)
            {
                int coreWidth = Math.Min(tileWidth, width - x), coreHeight = Math.Min(tileHeight, height - y);
                int left = Math.Clamp(x - margin, 0, width - regionWidth), top = Math.Clamp(y - margin, 0, height - regionHeight);
                tiles.Add(new Tile(x, y, coreWidth, coreHeight, left, top, regionWidth, regionHeight));
            }
        return tiles;
    }

    /// <summary>
    /// The tiling with the least total region area (the least work) whose region fits <paramref name="maxRegionPixels"/>
    /// LR pixels: the whole image when it fits, otherwise a grid of equal rectangular tiles.
    /// </summary>
    /// <exception cref="MemoryBudgetException">not even a <see cref="MinimumTile"/> core with its margin fits</exception>
    public static (int TileWidth, int TileHeight) SizeFor(int width, int height, int margin, long maxRegionPixels)
    {
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), $"image {width}x{height} is empty");
        if ((long)width * height <= maxRegionPixels) return (width, height);
        (int W, int H)? best = null;
        long bestWork = long.MaxValue;
        for (int columns = 1; columns <= width; columns++)
        {
            int coreWidth = (width + columns - 1) / columns;
            if (columns > 1 && coreWidth < MinimumTile) break;
            long regionWidth = Math.Min(width, coreWidth + 2L * margin);
            long maxRegionHeight = maxRegionPixels / regionWidth;
            int rows, coreHeight;
            long regionHeight;
            if (maxRegionHeight >= height) (rows, coreHeight, regionHeight) = (1, height, height);
            else
            {
                long maxCoreHeight = maxRegionHeight - 2L * margin;
                if (maxCoreHeight < Math.Min(MinimumTile, height)) continue;
                rows = (int)((height + maxCoreHeight - 1) / maxCoreHeight);
                coreHeight = (height + rows - 1) / rows;
                regionHeight = Math.Min(height, coreHeight + 2L * margin);
            }
            int actualColumns = (width + coreWidth - 1) / coreWidth;
            long work = actualColumns * (long)rows * regionWidth * regionHeight;
            if (work < bestWork) (bestWork, best) = (work, (coreWidth, coreHeight));
        }
        if (best is null)
        {
            long side = MinimumTile + 2L * margin, needed = Math.Min(width, side) * Math.Min(height, side);
            throw new MemoryBudgetException(
                $"room for {maxRegionPixels} LR pixels per forward pass; the smallest tile ({MinimumTile} pixels plus the model's {margin}-pixel context per side) needs {needed}");
        }
        return best.Value;
    }
}
