import type { Agent, Client, Subclient } from '../../app/model/entities'
import type { Statement } from 'better-sqlite3'
import { statementCache, type CatalogDb } from './database'

interface SubclientRow {
  id: number
  agentId: number
  name: string
  storagePolicyId: number | null
  content: string
}

const subclientSelect =
  'SELECT id, agent_id AS agentId, name, storage_policy_id AS storagePolicyId, content FROM subclients'

function toSubclient(row: SubclientRow): Subclient {
  return { ...row, content: JSON.parse(row.content) as string[] }
}

/** Client computers, their agents and subclients. */
export class ClientRepository {
  private readonly sql: (sql: string) => Statement

  constructor(private readonly db: CatalogDb) {
    this.sql = statementCache(db)
  }

  /** Every client, by name. */
  clients(): Client[] {
    return this.sql('SELECT id, name, host_name AS hostName, os FROM clients ORDER BY name').all() as Client[]
  }

  /** One client, or undefined. */
  client(id: number): Client | undefined {
    return this.sql('SELECT id, name, host_name AS hostName, os FROM clients WHERE id = ?').get(id) as
      | Client
      | undefined
  }

  /** Adds a client computer. */
  addClient(input: Omit<Client, 'id'>): Client {
    const info = this
      .sql('INSERT INTO clients (name, host_name, os) VALUES (?, ?, ?)')
      .run(input.name, input.hostName, input.os)
    return { id: Number(info.lastInsertRowid), ...input }
  }

  /** A client's agents, by name. */
  agents(clientId: number): Agent[] {
    return this
      .sql('SELECT id, client_id AS clientId, name FROM agents WHERE client_id = ? ORDER BY name')
      .all(clientId) as Agent[]
  }

  /** One agent, or undefined. */
  agent(id: number): Agent | undefined {
    return this.sql('SELECT id, client_id AS clientId, name FROM agents WHERE id = ?').get(id) as
      | Agent
      | undefined
  }

  /** Installs an agent on a client. */
  addAgent(input: Omit<Agent, 'id'>): Agent {
    const info = this.sql('INSERT INTO agents (client_id, name) VALUES (?, ?)').run(input.clientId, input.name)
    return { id: Number(info.lastInsertRowid), ...input }
  }

  /** An agent's subclients, by name. */
  subclients(agentId: number): Subclient[] {
    return (this.sql(`${subclientSelect} WHERE agent_id = ? ORDER BY name`).all(agentId) as SubclientRow[]).map(
      toSubclient,
    )
  }

  /** Subclients whose data goes to a storage policy. */
  subclientsOfPolicy(storagePolicyId: number): Subclient[] {
    return (
      this.sql(`${subclientSelect} WHERE storage_policy_id = ? ORDER BY name`).all(storagePolicyId) as SubclientRow[]
    ).map(toSubclient)
  }

  /** One subclient, or undefined. */
  subclient(id: number): Subclient | undefined {
    const row = this.sql(`${subclientSelect} WHERE id = ?`).get(id) as SubclientRow | undefined
    return row && toSubclient(row)
  }

  /** Adds a subclient. */
  addSubclient(input: Omit<Subclient, 'id'>): Subclient {
    const info = this
      .sql('INSERT INTO subclients (agent_id, name, storage_policy_id, content) VALUES (?, ?, ?, ?)')
      .run(input.agentId, input.name, input.storagePolicyId, JSON.stringify(input.content))
    return { id: Number(info.lastInsertRowid), ...input }
  }

  /** Replaces a subclient's content folders. */
  updateContent(subclientId: number, content: readonly string[]): void {
    this.sql('UPDATE subclients SET content = ? WHERE id = ?').run(JSON.stringify(content), subclientId)
  }
}
