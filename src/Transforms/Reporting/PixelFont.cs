using MlNetSr.Imaging;

namespace MlNetSr.Reporting;

/// <summary>
/// A 5x7 bitmap font drawn straight into a <see cref="ByteImage"/>: labels come out the same on every machine, with no
/// font files (SkiaSharp's Linux natives without fontconfig find no system typeface). Upper-case letters, digits and
/// common punctuation; lower-case letters are drawn as capitals and anything else as '?'.
/// </summary>
public static class PixelFont
{
    /// <summary>Glyph width in font pixels (without the one-pixel gap).</summary>
    public const int GlyphWidth = 5;

    /// <summary>Glyph height in font pixels.</summary>
    public const int GlyphHeight = 7;

    private static readonly Dictionary<char, string> Glyphs = new()
    {
        ['A'] = ".###.#...##...#######...##...##...#", ['B'] = "####.#...##...#####.#...##...#####.",
        ['C'] = ".###.#...##....#....#....#...#.###.", ['D'] = "####.#...##...##...##...##...#####.",
        ['E'] = "######....#....####.#....#....#####", ['F'] = "######....#....####.#....#....#....",
        ['G'] = ".###.#...##....#.####...##...#.####", ['H'] = "#...##...##...#######...##...##...#",
        ['I'] = ".###...#....#....#....#....#...###.", ['J'] = "..###...#....#....#....#.#..#..##..",
        ['K'] = "#...##..#.#.#..##...#.#..#..#.#...#", ['L'] = "#....#....#....#....#....#....#####",
        ['M'] = "#...###.###.#.##.#.##...##...##...#", ['N'] = "#...###..##.#.##..###...##...##...#",
        ['O'] = ".###.#...##...##...##...##...#.###.", ['P'] = "####.#...##...#####.#....#....#....",
        ['Q'] = ".###.#...##...##...##.#.##..#..##.#", ['R'] = "####.#...##...#####.#.#..#..#.#...#",
        ['S'] = ".#####....#.....###.....#....#####.", ['T'] = "#####..#....#....#....#....#....#..",
        ['U'] = "#...##...##...##...##...##...#.###.", ['V'] = "#...##...##...##...##...#.#.#...#..",
        ['W'] = "#...##...##...##.#.##.#.##.#.#.#.#.", ['X'] = "#...##...#.#.#...#...#.#.#...##...#",
        ['Y'] = "#...##...#.#.#...#....#....#....#..", ['Z'] = "#####....#...#...#...#...#....#####",
        ['0'] = ".###.#...##..###.#.###..##...#.###.", ['1'] = "..#...##....#....#....#....#...###.",
        ['2'] = ".###.#...#....#...#...#...#...#####", ['3'] = "#####...#...#.....#.....##...#.###.",
        ['4'] = "...#...##..#.#.#..#.#####...#....#.", ['5'] = "######....####.....#....##...#.###.",
        ['6'] = "..##..#...#....####.#...##...#.###.", ['7'] = "#####....#...#...#...#....#....#...",
        ['8'] = ".###.#...##...#.###.#...##...#.###.", ['9'] = ".###.#...##...#.####....#...#..##..",
        [' '] = "...................................", ['.'] = "..............................##...",
        [','] = ".........................##...#..#.", [':'] = ".....##...##.........##...##.......",
        ['-'] = "................###................", ['+'] = ".......#....#..#####..#....#.......",
        ['_'] = "..............................#####", ['/'] = "....#....#...#...#...#...#....#....",
        ['('] = "...#...#...#....#....#.....#.....#.", [')'] = ".#.....#.....#....#....#...#...#...",
        ['%'] = "##...##..#...#...#...#...#..##...##", ['='] = "..........#####.....#####..........",
        ['?'] = ".###.#...#....#...#...#.......#....", ['\''] = "..#....#...#.......................",
        ['<'] = "...#...#...#...#.....#.....#.....#.", ['>'] = ".#.....#.....#.....#...#...#...#...",
    };

    /// <summary>Width in image pixels of <paramref name="text"/> drawn at <paramref name="scale"/> image pixels per font pixel.</summary>
    public static int MeasureWidth(string text, int scale) => text.Length == 0 ? 0 : scale * (text.Length * (GlyphWidth + 1) - 1);

    /// <summary>Height in image pixels of one line at <paramref name="scale"/>.</summary>
    public static int LineHeight(int scale) => scale * GlyphHeight;

    /// <summary>
    /// Draws <paramref name="text"/> with its top-left corner at (<paramref name="x"/>, <paramref name="y"/>) into an RGB
    /// image, each font pixel a <paramref name="scale"/>-pixel square of <paramref name="color"/>; pixels outside the image are skipped.
    /// </summary>
    public static void Draw(ByteImage target, string text, int x, int y, int scale, (byte R, byte G, byte B) color)
    {
        if (target.Channels != 3) throw new ArgumentException($"text is drawn on RGB images; this one is {target}", nameof(target));
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        byte[] rgb = [color.R, color.G, color.B];
        for (int i = 0; i < text.Length; i++)
        {
            string glyph = GlyphFor(text[i]);
            int left = x + i * (GlyphWidth + 1) * scale;
            for (int row = 0; row < GlyphHeight; row++)
                for (int column = 0; column < GlyphWidth; column++)
                    if (glyph[row * GlyphWidth + column] == '#')
                        FillSquare(target, left + column * scale, y + row * scale, scale, rgb);
        }
    }

    /// <summary>Whether <paramref name="c"/> has its own glyph (lower-case letters count, as their capitals).</summary>
    public static bool CanDraw(char c) => Glyphs.ContainsKey(char.ToUpperInvariant(c));

    private static string GlyphFor(char c) => Glyphs.TryGetValue(char.ToUpperInvariant(c), out var glyph) ? glyph : Glyphs['?'];

    private static void FillSquare(ByteImage target, int x0, int y0, int size, byte[] rgb)
    {
        for (int y = Math.Max(y0, 0); y < Math.Min(y0 + size, target.Height); y++)
            for (int x = Math.Max(x0, 0); x < Math.Min(x0 + size, target.Width); x++)
                for (int c = 0; c < 3; c++) target[c, y, x] = rgb[c];
    }
}
