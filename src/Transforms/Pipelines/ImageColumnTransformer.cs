using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetSr.Pipelines;

/// <summary>
/// An MlNetSr transform over one image column: image in <see cref="InputColumnName"/>, image out in
/// <see cref="OutputColumnName"/>. It runs a chain of ML.NET's own savable parts (column copies, CustomMapping
/// parts named in <see cref="TiledSuperResolution"/> and friends, ApplyOnnxModel) so that <c>mlContext.Model.Save</c>
/// stores it; <c>mlContext.Model.Load</c> gives back that chain, which computes the same pixels.
/// </summary>
public class ImageColumnTransformer : ITransformer
{
    private readonly TransformerChain<ITransformer> parts;
    private readonly string operation;

    /// <summary>The image column read.</summary>
    public string InputColumnName { get; }
    /// <summary>The image column written.</summary>
    public string OutputColumnName { get; }

    internal ImageColumnTransformer(TransformerChain<ITransformer> parts, string inputColumnName, string outputColumnName, string operation)
    {
        this.parts = parts;
        this.operation = operation;
        InputColumnName = inputColumnName;
        OutputColumnName = outputColumnName;
    }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => true;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ImageColumnSchema.Check(inputSchema, InputColumnName, operation);
        return parts.GetOutputSchema(inputSchema);
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        ImageColumnSchema.Check(input.Schema, InputColumnName, operation);
        return parts.Transform(input);
    }

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ImageColumnSchema.Check(inputSchema, InputColumnName, operation);
        return ((ITransformer)parts).GetRowToRowMapper(inputSchema);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) => ((ICanSaveModel)parts).Save(ctx);

    /// <summary>
    /// Fits the parts in order on <paramref name="input"/>'s schema (nothing is read): copy the input column in under
    /// the parts' fixed name, the stages, copy the result out, drop the temporaries.
    /// </summary>
    internal static TransformerChain<ITransformer> FitParts(TransformsCatalog catalog, IDataView input, string inputColumnName,
        string outputColumnName, IEnumerable<Func<IDataView, ITransformer>> stages)
    {
        var fitted = new List<ITransformer>();
        var data = input;
        void Add(ITransformer part)
        {
            fitted.Add(part);
            data = part.Transform(data);
        }
        Add(catalog.CopyColumns(PipelineColumns.Image, inputColumnName).Fit(data));
        foreach (var stage in stages) Add(stage(data));
        Add(catalog.CopyColumns(outputColumnName, PipelineColumns.Result).Fit(data));
        Add(catalog.DropColumns(PipelineColumns.All.Where(c => data.Schema.GetColumnOrNull(c) is not null).ToArray()).Fit(data));
        return new TransformerChain<ITransformer>(fitted.ToArray());
    }
}
