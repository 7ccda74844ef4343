using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine;

/// <summary>Environments in the engine's database.</summary>
internal sealed class EngineEnvironments(EngineDatabase database, TimeProvider time) : IEnvironments
{
    private const string Path = "/v2/environments";
    private readonly RecordTable<MistralEnvironment> _table = new(database, "environments");

    public Task<MistralEnvironment> CreateAsync(EnvironmentRequest request, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(transaction =>
        {
            if (_table.Find(transaction, "", request.Name) is not null)
                throw EngineFaults.Conflict(HttpMethod.Post, Path,
                    $"Duplicate entry for Environment ['name', 'project_id']: {request.Name}, <default-project>");
            var record = new MistralEnvironment
            {
                Id = Guid.NewGuid().ToString(), Name = request.Name, Description = request.Description,
                Variables = request.Variables.DeepClone(), Scope = "private", ProjectId = "<default-project>",
                CreatedAt = EngineClock.Now(time),
            };
            _table.Insert(transaction, record.Id, "", record.Name, record);
            return record;
        }, cancellationToken);

    public Task<MistralEnvironment> GetAsync(string name, CancellationToken cancellationToken = default) =>
        database.ReadAsync(transaction =>
            _table.Find(transaction, "", name) ?? throw NotFound(HttpMethod.Get, $"{Path}/{name}", name), cancellationToken);

    public IAsyncEnumerable<MistralEnvironment> ListAsync(ListQuery? query = null, CancellationToken cancellationToken = default) =>
        _table.ListAsync(query, Path, cancellationToken);

    public Task<MistralEnvironment> UpdateAsync(EnvironmentRequest request, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(transaction =>
        {
            var existing = _table.Find(transaction, "", request.Name) ?? throw NotFound(HttpMethod.Put, Path, request.Name);
            var record = existing with
            {
                Variables = request.Variables.DeepClone(),
                Description = request.Description ?? existing.Description,
                UpdatedAt = EngineClock.Now(time),
            };
            _table.Replace(transaction, record.Id, record);
            return record;
        }, cancellationToken);

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(transaction =>
            _table.Delete(transaction, "", name) ? true : throw NotFound(HttpMethod.Delete, $"{Path}/{name}", name),
            cancellationToken);

    private static MistralNotFoundException NotFound(HttpMethod method, string path, string name) =>
        EngineFaults.NotFound(method, path, $"Environment not found [name={name}]");
}
