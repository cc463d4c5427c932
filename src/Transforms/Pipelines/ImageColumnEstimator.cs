using Microsoft.ML;

namespace MlNetSr.Pipelines;

/// <summary>
/// The estimator side of <see cref="ImageColumnTransformer"/>: checks the input column, describes the output column
/// (an image, like the input) and fits the parts. ML.NET's EstimatorChain cannot fit a CustomMapping over images
/// itself (it compares image types by reference), so the parts are fitted here one by one.
/// </summary>
public abstract class ImageColumnEstimator<TTransformer> : IEstimator<TTransformer> where TTransformer : ImageColumnTransformer
{
    private protected readonly TransformsCatalog Catalog;
    private protected readonly string Operation;

    /// <summary>The image column read.</summary>
    public string InputColumnName { get; }
    /// <summary>The image column written.</summary>
    public string OutputColumnName { get; }

    private protected ImageColumnEstimator(TransformsCatalog catalog, string outputColumnName, string? inputColumnName, string operation)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (string.IsNullOrWhiteSpace(outputColumnName)) throw new ArgumentException($"{operation}: the output column name is empty", nameof(outputColumnName));
        Catalog = catalog;
        Operation = operation;
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName ?? outputColumnName;
    }

    /// <inheritdoc/>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ImageColumnSchema.Check(input.Schema, InputColumnName, Operation);
        return FitChecked(input);
    }

    private protected abstract TTransformer FitChecked(IDataView input);

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ImageColumnSchema.Check(inputSchema, InputColumnName, Operation);
        // The output is an image column like the input; a copy describes it (SchemaShape.Column cannot be built here).
        return Catalog.CopyColumns(OutputColumnName, InputColumnName).GetOutputSchema(inputSchema);
    }
}
