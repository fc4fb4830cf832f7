"""The base of every model class: immutable values, unknown fields refused, bytes as base64 in JSON."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", ser_json_bytes="base64", val_json_bytes="base64")
