namespace MlNetSr.Inference;

/// <summary>
/// One LR tile: the core it is responsible for and the region (core plus margin, clipped to the image) that is fed
/// to the network. Zero padding then happens only at true image borders, as in a whole-image forward, so with a
/// margin at least the receptive field the core's output equals the whole-image output.
/// </summary>
public readonly record struct Tile(int CoreX, int CoreY, int CoreWidth, int CoreHeight, int RegionX, int RegionY, int RegionWidth, int RegionHeight);

/// <summary>
/// Cuts an LR image into tiles of at most tileSize x tileSize core pixels. Every region has the same size,
/// min(image, tileSize + 2 margin) per axis: edge regions are shifted inward instead of clipped, which keeps at
/// least the margin of context on every side (or the true border) and gives ONNX Runtime a single input shape,
/// so it plans and keeps one set of buffers instead of one per edge shape, and all tiles can be batched.
/// </summary>
public static class TilePlan
{
    public static IReadOnlyList<Tile> For(int width, int height, int tileSize, int margin)
    {
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), $"image {width}x{height} is empty");
        if (tileSize < 1) throw new ArgumentOutOfRangeException(nameof(tileSize), $"tile size {tileSize} must be positive");
        int regionWidth = Math.Min(width, tileSize + 2 * margin), regionHeight = Math.Min(height, tileSize + 2 * margin);
        var tiles = new List<Tile>();
        for (int y = 0; y < height; y += tileSize)
            for (int x = 0; x < width; x += tileSize)
            {
                int coreWidth = Math.Min(tileSize, width - x), coreHeight = Math.Min(tileSize, height - y);
                int left = Math.Clamp(x - margin, 0, width - regionWidth), top = Math.Clamp(y - margin, 0, height - regionHeight);
                tiles.Add(new Tile(x, y, coreWidth, coreHeight, left, top, regionWidth, regionHeight));
            }
        return tiles;
    }
}
