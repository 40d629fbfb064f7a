"""Callback requests as the browser sends them, built from the app's real callback map.

Used by the benchmarks (over HTTP) and the wire-form, render-cache and fuzz tests (Flask
test client). Works on
JSON only: ``/_dash-dependencies`` for the callbacks and the rendered page (the pages
router's answer) for the components, so a new page or callback needs nothing here.

A *component index* maps a stringified id (Dash's form: JSON with sorted keys for dict ids)
to the component's props.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

ROUTER_OUTPUT = ".._pages_content.children..._pages_store.data.."


def stringify_id(component_id: object) -> str:
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return str(component_id)


def index_components(tree: object, index: dict[str, dict] | None = None) -> dict[str, dict]:
    """Every component with an id in a layout (JSON as Dash sends it), by stringified id."""
    index = {} if index is None else index
    if isinstance(tree, list):
        for item in tree:
            index_components(item, index)
    elif isinstance(tree, dict):
        props = tree.get("props") if "namespace" in tree else None
        if isinstance(props, dict):
            if "id" in props:
                index[stringify_id(props["id"])] = props
            for value in props.values():
                if isinstance(value, (list, dict)):
                    index_components(value, index)
    return index


def _parse_pattern(id_text: str) -> dict | str:
    return json.loads(id_text) if id_text.startswith("{") else id_text


def split_outputs(output: str) -> list[tuple[str, str]]:
    """(id, property) of each output in a callback's output key, as Dash writes it."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    result = []
    for part in parts:
        id_text, prop = part.rsplit(".", 1)
        result.append((id_text, prop.split("@", 1)[0]))
    return result


def _matches(pattern: dict, concrete: dict, match_values: dict) -> bool:
    if set(pattern) != set(concrete):
        return False
    for key, wanted in pattern.items():
        if wanted == ["ALL"]:
            continue
        if wanted == ["MATCH"]:
            if key in match_values and match_values[key] != concrete[key]:
                return False
            continue
        if wanted != concrete[key]:
            return False
    return True


def _resolve(id_text: str, components: dict[str, dict], match_values: dict):
    """Concrete ids for one dependency: a list for ALL, one id for the rest (None: absent)."""
    pattern = _parse_pattern(id_text)
    if not isinstance(pattern, dict):
        return pattern if pattern in components else None
    found = [json.loads(key) for key in components if key.startswith("{")]
    found = [c for c in found if isinstance(c, dict) and _matches(pattern, c, match_values)]
    if ["ALL"] in pattern.values():
        return found
    return found[0] if found else None


def _match_values(dep: dict, components: dict[str, dict]) -> list[dict]:
    """Every concrete value set for the MATCH keys (one payload each); [{}] without MATCH."""
    candidates = [spec["id"] for spec in dep["inputs"] + dep.get("state", [])]
    candidates += [id_text for id_text, _ in split_outputs(dep["output"])]
    patterns = [_parse_pattern(c) for c in candidates]
    patterns = [p for p in patterns if isinstance(p, dict) and ["MATCH"] in p.values()]
    if not patterns:
        return [{}]
    pattern = patterns[0]
    keys = [k for k, v in pattern.items() if v == ["MATCH"]]
    result = []
    for key in components:
        if key.startswith("{"):
            concrete = json.loads(key)
            if isinstance(concrete, dict) and _matches(pattern, concrete, {}):
                result.append({k: concrete[k] for k in keys})
    return result


def _value(
    component_id: object, prop: str, components: dict[str, dict], overrides: dict[str, object]
):
    key = f"{stringify_id(component_id)}.{prop}"
    if key in overrides:
        return overrides[key]
    return components.get(stringify_id(component_id), {}).get(prop)


def build_payload(
    dep: dict,
    components: dict[str, dict],
    match: dict | None = None,
    overrides: dict[str, object] | None = None,
    changed: list[str] | None = None,
) -> dict | None:
    """The request body for ``dep`` on a page with ``components``; None if it cannot fire."""
    overrides = overrides or {}
    match = match or {}

    def items(specs: list[dict]) -> list | None:
        result = []
        for spec in specs:
            concrete = _resolve(spec["id"], components, match)
            if concrete is None:
                return None
            if isinstance(concrete, list):
                result.append(
                    [
                        {
                            "id": c,
                            "property": spec["property"],
                            "value": _value(c, spec["property"], components, overrides),
                        }
                        for c in concrete
                    ]
                )
            else:
                result.append(
                    {
                        "id": concrete,
                        "property": spec["property"],
                        "value": _value(concrete, spec["property"], components, overrides),
                    }
                )
        return result

    inputs, state = items(dep["inputs"]), items(dep.get("state", []))
    if inputs is None or state is None:
        return None
    outputs = []
    for id_text, prop in split_outputs(dep["output"]):
        concrete = _resolve(id_text, components, match)
        if concrete is None:
            return None
        outputs.append(
            [{"id": c, "property": prop} for c in concrete]
            if isinstance(concrete, list)
            else {"id": concrete, "property": prop}
        )
    if changed is None:
        first = inputs[0]
        first = first[0] if isinstance(first, list) and first else first
        changed = [f"{stringify_id(first['id'])}.{first['property']}"] if first else []
    return {
        "output": dep["output"],
        "outputs": outputs if dep["output"].startswith("..") else outputs[0],
        "inputs": inputs,
        "state": state,
        "changedPropIds": changed,
    }


def server_callbacks(deps: list[dict]) -> list[dict]:
    return [d for d in deps if not d.get("clientside_function")]


def router_payload(pathname: str, search: str = "") -> dict:
    """The pages router's request: what the browser sends to get a page's layout."""
    return {
        "output": ROUTER_OUTPUT,
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "state": [],
        "changedPropIds": ["_pages_location.pathname"],
    }


def page_components(router_response: dict) -> dict[str, dict]:
    content = router_response["response"]["_pages_content"]["children"]
    return index_components(content)


def payloads_for_page(deps: list[dict], components: dict[str, dict]) -> Iterator[dict]:
    """One request for every server callback (and every MATCH instance) on the page."""
    for dep in server_callbacks(deps):
        if dep["output"] == ROUTER_OUTPUT:
            continue
        for match in _match_values(dep, components):
            payload = build_payload(dep, components, match)
            if payload is not None:
                yield payload


def control_change(
    deps: list[dict], components: dict[str, dict], name: str, value: object
) -> dict | None:
    """The request a user fires by setting control ``name`` (gemeente, indicator, van …)."""
    control_id = stringify_id({"name": name, "type": "control"})
    if control_id not in components:
        return None
    for dep in server_callbacks(deps):
        if any('"type":"control"' in spec["id"] for spec in dep["inputs"]):
            key = f"{control_id}.value"
            return build_payload(dep, components, overrides={key: value}, changed=[key])
    return None


def apply_response(components: dict[str, dict], response: dict) -> None:
    """Put a callback's new props into the component index (e.g. the new view-state)."""
    for id_text, props in (response.get("response") or {}).items():
        if id_text in components and isinstance(props, dict):
            components[id_text] = {**components[id_text], **props}
