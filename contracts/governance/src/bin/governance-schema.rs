use cosmwasm_schema::{export_schema, schema_for, write_api};
use modelfund::governance::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, ReceiveMsg};

fn main() {
    write_api! {
        instantiate: InstantiateMsg,
        execute: ExecuteMsg,
        query: QueryMsg,
        migrate: MigrateMsg,
    }
    // the hook of a shares `send` to the DAO (`exit`), base64 JSON inside `receive`
    export_schema(&schema_for!(ReceiveMsg), std::path::Path::new("schema/raw"));
}
