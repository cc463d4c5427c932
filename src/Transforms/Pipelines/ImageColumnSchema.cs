using Microsoft.ML;
using Microsoft.ML.Transforms.Image;

namespace MlNetSr.Pipelines;

/// <summary>Schema checks shared by MlNetSr's image transforms; errors name the operation, the column and both types.</summary>
internal static class ImageColumnSchema
{
    private const string Expected = "an image column (MLImage, as LoadImages makes)";

    public static void Check(SchemaShape schema, string column, string operation)
    {
        var found = schema.FirstOrDefault(c => c.Name == column);
        if (found.Name is null)
            throw new ArgumentOutOfRangeException(nameof(schema), $"{operation}: input column '{column}' not found; the data has {List(schema.Select(c => c.Name))}");
        if (found.Kind != SchemaShape.Column.VectorKind.Scalar || found.ItemType is not ImageDataViewType)
        {
            string actual = found.Kind == SchemaShape.Column.VectorKind.Scalar ? $"{found.ItemType}" : $"{found.Kind}<{found.ItemType}>";
            throw new ArgumentOutOfRangeException(nameof(schema), $"{operation}: input column '{column}' has type {actual}; expected {Expected}");
        }
    }

    public static void Check(DataViewSchema schema, string column, string operation)
    {
        var found = schema.GetColumnOrNull(column)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"{operation}: input column '{column}' not found; the data has {List(schema.Where(c => !c.IsHidden).Select(c => c.Name))}");
        if (found.Type is not ImageDataViewType)
            throw new ArgumentOutOfRangeException(nameof(schema), $"{operation}: input column '{column}' has type {found.Type}; expected {Expected}");
    }

    private static string List(IEnumerable<string> names)
    {
        var list = names.Select(n => $"'{n}'").ToList();
        return list.Count == 0 ? "no columns" : "columns " + string.Join(", ", list);
    }
}
