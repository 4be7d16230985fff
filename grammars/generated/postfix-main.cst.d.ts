import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface MainCfCstNode extends CstNode {
  name: "mainCf";
  children: MainCfCstChildren;
}

export type MainCfCstChildren = {
  parameter?: ParameterCstNode[];
  nameless?: NamelessCstNode[];
  OrphanLine?: IToken[];
  LineEnd?: IToken[];
};

export interface ParameterCstNode extends CstNode {
  name: "parameter";
  children: ParameterCstChildren;
}

export type ParameterCstChildren = {
  Name: IToken[];
  Equals?: IToken[];
  value: ValueCstNode[];
};

export interface NamelessCstNode extends CstNode {
  name: "nameless";
  children: NamelessCstChildren;
}

export type NamelessCstChildren = {
  Equals: IToken[];
  value: ValueCstNode[];
};

export interface ValueCstNode extends CstNode {
  name: "value";
  children: ValueCstChildren;
}

export type ValueCstChildren = {
  Word?: IToken[];
  Comma?: IToken[];
  Equals?: IToken[];
};

export interface ICstNodeVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  mainCf(children: MainCfCstChildren, param?: IN): OUT;
  parameter(children: ParameterCstChildren, param?: IN): OUT;
  nameless(children: NamelessCstChildren, param?: IN): OUT;
  value(children: ValueCstChildren, param?: IN): OUT;
}
